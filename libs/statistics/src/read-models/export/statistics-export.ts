import ExcelJS from 'exceljs';
import { csvRow } from '@app/kernel';
import type { Figures, Indicators } from '../../domain/indicators';
import type { StatisticsReport } from '../../domain/statistics-report';

type Unit = 'cases' | 'money';
type Column = { key: keyof Indicators<unknown>; heading: [string, string?, string?] };

/**
 * The columns of the official report forms (biểu mẫu thống kê thi hành án dân sự), in their order;
 * a heading has up to three levels, merged across the columns they span.
 */
const COLUMNS: Column[] = [
  { key: 'accepted', heading: ['Tổng số thụ lý', 'Tổng số'] },
  { key: 'carriedOver', heading: ['Tổng số thụ lý', 'Năm trước chuyển sang'] },
  { key: 'newlyAccepted', heading: ['Tổng số thụ lý', 'Thụ lý mới'] },
  { key: 'entrustedOut', heading: ['Ủy thác thi hành án'] },
  { key: 'toEnforce', heading: ['Tổng số phải thi hành'] },
  { key: 'notYetEnforceable', heading: ['Chưa có điều kiện thi hành'] },
  { key: 'enforceable', heading: ['Có điều kiện thi hành', 'Tổng số'] },
  { key: 'completed', heading: ['Có điều kiện thi hành', 'Thi hành xong', 'Tổng số'] },
  { key: 'executed', heading: ['Có điều kiện thi hành', 'Thi hành xong', 'Thi hành xong toàn bộ (tiền: thu được)'] },
  { key: 'terminated', heading: ['Có điều kiện thi hành', 'Thi hành xong', 'Đình chỉ thi hành án'] },
  { key: 'inProgress', heading: ['Có điều kiện thi hành', 'Đang thi hành'] },
  { key: 'postponed', heading: ['Có điều kiện thi hành', 'Hoãn thi hành án'] },
  { key: 'suspended', heading: ['Có điều kiện thi hành', 'Tạm đình chỉ thi hành án'] },
  { key: 'rate', heading: ['Tỷ lệ thi hành xong (%)'] },
  { key: 'carriedToNext', heading: ['Chuyển kỳ sau', 'Tổng số'] },
  { key: 'enforceableCarriedToNext', heading: ['Chuyển kỳ sau', 'Trong đó có điều kiện'] },
];

const TITLES: Record<Unit, string> = {
  cases: 'KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG VIỆC',
  money: 'KẾT QUẢ THI HÀNH ÁN DÂN SỰ TÍNH BẰNG TIỀN',
};

interface Line {
  label: string;
  figures: Figures;
}

function linesOf(report: StatisticsReport): Line[] {
  return [
    ...(report.children ?? []).map((row) => ({ label: row.name ?? row.agencyId ?? '', figures: row })),
    { label: 'Tổng cộng', figures: report },
  ];
}

const vnDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** One row per child agency and a total row, as the official forms lay them out. */
export async function statisticsWorkbook(report: StatisticsReport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'thads';
  for (const unit of ['cases', 'money'] as const) {
    const sheet = workbook.addWorksheet(unit === 'cases' ? 'Việc' : 'Tiền', {
      pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    });
    const width = COLUMNS.length + 2;
    const title = (row: number, text: string, bold = false) => {
      sheet.mergeCells(row, 1, row, width);
      const cell = sheet.getCell(row, 1);
      cell.value = text;
      cell.alignment = { horizontal: 'center' };
      cell.font = { bold, size: bold ? 13 : 11 };
    };
    title(1, TITLES[unit], true);
    title(2, report.name ?? report.agencyId);
    title(3, `Từ ngày ${vnDate(report.period.from)} đến ngày ${vnDate(report.period.to)}`);
    title(4, unit === 'cases' ? 'Đơn vị tính: việc' : 'Đơn vị tính: đồng');

    const top = 6;
    const headerCell = (row: number, col: number, text: string) => {
      const cell = sheet.getCell(row, col);
      cell.value = text;
      cell.font = { bold: true };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    };
    headerCell(top, 1, 'STT');
    sheet.mergeCells(top, 1, top + 2, 1);
    headerCell(top, 2, 'Đơn vị');
    sheet.mergeCells(top, 2, top + 2, 2);
    // Merge equal headings of adjacent columns level by level; a missing lower level merges downwards.
    for (let level = 0; level < 3; level++) {
      let start = 0;
      while (start < COLUMNS.length) {
        const heading = COLUMNS[start]!.heading;
        const text = heading[level];
        let end = start;
        const samePrefix = (c: Column) => heading.slice(0, level + 1).every((h, i) => c.heading[i] === h);
        while (end + 1 < COLUMNS.length && text !== undefined && samePrefix(COLUMNS[end + 1]!)) end++;
        if (text !== undefined) {
          const bottom = heading[level + 1] === undefined ? top + 2 : top + level;
          headerCell(top + level, start + 3, text);
          if (end > start || bottom > top + level) sheet.mergeCells(top + level, start + 3, bottom, end + 3);
        }
        start = end + 1;
      }
    }
    const numbering = sheet.getRow(top + 3);
    ['A', 'B', ...COLUMNS.map((_, i) => String(i + 1))].forEach((label, i) => {
      const cell = numbering.getCell(i + 1);
      cell.value = label;
      cell.alignment = { horizontal: 'center' };
      cell.font = { italic: true };
    });

    const lines = linesOf(report);
    lines.forEach((line, index, all) => {
      const isTotal = index === all.length - 1;
      const row = sheet.getRow(top + 4 + index);
      row.getCell(1).value = isTotal ? '' : index + 1;
      row.getCell(2).value = line.label;
      COLUMNS.forEach((column, i) => {
        const value = line.figures[unit][column.key];
        const cell = row.getCell(i + 3);
        cell.value = typeof value === 'string' ? excelNumber(value) : value;
        cell.numFmt = column.key === 'rate' ? '0.00' : '#,##0';
      });
      if (isTotal) row.font = { bold: true };
    });

    const last = top + 3 + lines.length;
    for (let r = top; r <= last; r++) {
      for (let c = 1; c <= width; c++) {
        sheet.getCell(r, c).border = {
          top: { style: 'thin' },
          left: { style: 'thin' },
          bottom: { style: 'thin' },
          right: { style: 'thin' },
        };
      }
    }
    sheet.getColumn(1).width = 5;
    sheet.getColumn(2).width = 38;
    // As wide as the longest figure as shown (bold in the total row), or a national total reads "###".
    COLUMNS.forEach((column, i) => {
      const widest = Math.max(...lines.map((line) => shownLength(line.figures[unit][column.key], column.key)));
      sheet.getColumn(i + 3).width = Math.max(unit === 'money' ? 14 : 11, Math.ceil(widest * 1.2) + 2);
    });
    sheet.getRow(top).height = 30;
    sheet.getRow(top + 1).height = 30;
    sheet.getRow(top + 2).height = 64;
    sheet.views = [{ state: 'frozen', xSplit: 2, ySplit: top + 3 }];
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Characters a figure takes in its cell: two decimals for a rate, thousands separators otherwise. */
export function shownLength(value: string | number, key: Column['key']): number {
  if (key === 'rate') return (value as number).toFixed(2).length;
  const digits = String(value).replace(/^-/, '');
  // Past 2^53 an amount is text, shown as its digits.
  const separators = typeof excelNumber(String(value)) === 'string' ? 0 : Math.floor((digits.length - 1) / 3);
  return digits.length + separators + (String(value).startsWith('-') ? 1 : 0);
}

/** A spreadsheet cell holds a double: amounts past 2^53 go in as text rather than rounded. */
function excelNumber(digits: string): number | string {
  const value = BigInt(digits);
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : digits;
}

/** The same table as CSV (UTF-8 with a byte-order mark, so Excel reads the Vietnamese headings). */
export function statisticsCsv(report: StatisticsReport): string {
  const headings = [
    'Mã đơn vị',
    'Đơn vị',
    ...(['cases', 'money'] as const).flatMap((unit) =>
      COLUMNS.map((c) => `${unit === 'cases' ? 'Việc' : 'Tiền (đồng)'}: ${c.heading.filter(Boolean).join(' - ')}`),
    ),
  ];
  const rows = [
    ...(report.children ?? []).map((row) => ({
      id: row.agencyId ?? '',
      label: row.name ?? '',
      figures: row,
    })),
    { id: report.agencyId, label: 'Tổng cộng', figures: report as Figures },
  ].map((line) => [
    line.id,
    line.label,
    ...(['cases', 'money'] as const).flatMap((unit) => COLUMNS.map((c) => String(line.figures[unit][c.key]))),
  ]);
  return `\uFEFF${[headings, ...rows].map(csvRow).join('')}`;
}
