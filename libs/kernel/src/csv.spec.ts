import { csvCell, csvRow } from './csv';

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","open")', `"'=HYPERLINK(""http://evil.example"",""open"")"`],
    ['+cmd|/C calc!A0', `'+cmd|/C calc!A0`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1:A2)', `'@SUM(A1:A2)`],
    ['\tTab', `'\tTab`],
    ['\r=1+1', `"'\r=1+1"`],
    ['-', `'-`],
  ])('neutralises %j, which a spreadsheet would run', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['-5', '-5'],
    [-5, '-5'],
    ['-1500000', '-1500000'],
    [-12.5, '-12.5'],
    ['0', '0'],
    [66.67, '66.67'],
    [7n, '7'],
  ])('leaves the number %j a number', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('quotes separators and quotes, writes objects as JSON and nothing for null', () => {
    expect(csvCell('Phòng THADS, khu vực 1')).toBe('"Phòng THADS, khu vực 1"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell({ note: '=1+1', n: 1 })).toBe('"{""note"":""=1+1"",""n"":1}"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvRow(['a', '=b', -5])).toBe("a,'=b,-5\r\n");
  });
});
