import type { DisplayLocale } from '../../banking/money';

/**
 * CSV for spreadsheets. sv-SE: `;` between fields and a decimal comma (what Swedish Excel reads);
 * en-GB: `,` and a decimal point. Amounts are the exact wire decimals with the mark swapped, without
 * grouping. Text that a spreadsheet would run as a formula (= + - @ at the start) gets a leading `'`.
 */
export function csvSeparator(locale: DisplayLocale): string {
  return locale === 'sv-SE' ? ';' : ',';
}

export function csvDecimal(amount: string, locale: DisplayLocale): string {
  return locale === 'sv-SE' ? amount.replace('.', ',') : amount;
}

function quote(field: string, separator: string): string {
  return field.includes(separator) || /["\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

export function csvText(text: string | null): string {
  if (text === null) return '';
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

export function toCsv(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  locale: DisplayLocale,
): string {
  const separator = csvSeparator(locale);
  return (
    [header, ...rows].map((row) => row.map((field) => quote(field, separator)).join(separator)).join('\r\n') +
    '\r\n'
  );
}

/** Starts a real download of `text` as a file, built in the browser (no server round trip). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  // A byte order mark so that Excel reads the UTF-8 (å, ä, ö) correctly.
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
