/** A cell a spreadsheet would read as a formula (OWASP's list), which text must never become. */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A figure the api itself writes: a spreadsheet reads `-5` as the number it is, not as code. */
const PLAIN_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell of every CSV the api writes (RFC 4180): objects as JSON, quoted when they hold a comma,
 * quote or line break. Text that starts like a formula (`=HYPERLINK(…)`, `+cmd|…`, `@SUM(…)`, a
 * leading tab or carriage return) is prefixed with a single quote, as OWASP advises, so that an
 * agency name, a note or an id written by a client opens as the text it is; plain numbers, negative
 * ones included, stay numbers.
 */
export function csvCell(value: unknown): string {
  let text = '';
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint') text = value.toString();
  else if (value !== null && value !== undefined) text = JSON.stringify(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV line, CRLF-terminated. */
export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
