import ExcelJS from 'exceljs';
import { figuresOf, zeroBase } from '../../domain/indicators';
import type { StatisticsReport } from '../../domain/statistics-report';
import { shownLength, statisticsWorkbook } from './statistics-export';

/** A national report: hundreds of thousands of cases, hundreds of trillions of đồng. */
function nationalReport(): StatisticsReport {
  const cases = { ...zeroBase(), carriedOver: 412_345n, newlyAccepted: 512_345n, executed: 301_234n };
  const money = {
    ...zeroBase(),
    carriedOver: 412_345_678_901_234n,
    newlyAccepted: 598_765_432_109_876n,
    executed: 98_765_432_109_876n,
  };
  const province = { cases: { ...cases, carriedOver: 1_234n }, money: { ...money, carriedOver: 1_234_000n } };
  return {
    agencyId: 'cuc-qlthads',
    name: 'Cục Quản lý thi hành án dân sự',
    period: { from: '2024-10-01', to: '2025-09-30' },
    ...figuresOf({ cases, money }),
    children: [{ agencyId: 'hn', name: 'Thi hành án dân sự thành phố Hà Nội', ...figuresOf(province) }],
  };
}

/** What a cell shows with its number format: thousands separators, or two decimals. */
function shown(cell: ExcelJS.Cell): string {
  if (typeof cell.value === 'string') return cell.value;
  if (typeof cell.value !== 'number') return '';
  return cell.numFmt === '0.00' ? cell.value.toFixed(2) : cell.value.toLocaleString('en-US');
}

describe('statistics workbook', () => {
  it('makes every figure column wide enough for the figures it shows, national totals in bold included', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await statisticsWorkbook(nationalReport())) as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    for (const sheet of [workbook.getWorksheet('Việc')!, workbook.getWorksheet('Tiền')!]) {
      const total = sheet.getColumn(2).values.indexOf('Tổng cộng');
      expect(total).toBeGreaterThan(0);
      for (let column = 3; column <= sheet.columnCount; column++) {
        // Data rows start under the three heading rows and the column numbers.
        for (let row = 10; row <= total; row++) {
          const text = shown(sheet.getCell(row, column));
          expect({ column, row, fits: sheet.getColumn(column).width! >= text.length * 1.2 }).toEqual({
            column,
            row,
            fits: true,
          });
        }
      }
    }
  });

  it('counts thousands separators, decimals and amounts held as text as they are shown', () => {
    expect(shownLength('598765432109876', 'accepted')).toBe('598,765,432,109,876'.length);
    expect(shownLength(912_345, 'accepted')).toBe('912,345'.length);
    expect(shownLength(27.1, 'rate')).toBe('27.10'.length);
    expect(shownLength('-1000', 'accepted')).toBe('-1,000'.length);
    expect(shownLength('123456789012345678', 'accepted')).toBe(18);
  });
});
