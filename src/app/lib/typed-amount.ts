/** Digits grouped by threes with `grouping`, then optionally `decimal` and the decimals. */
function groupedNumber(text: string, grouping: string, decimal: string): string | null {
  const [whole = '', fraction, ...rest] = text.split(decimal);
  if (rest.length > 0 || !new RegExp(`^\\d{1,3}(\\${grouping}\\d{3})+$`).test(whole)) return null;
  return whole.replaceAll(grouping, '') + (fraction === undefined ? '' : `.${fraction}`);
}

/**
 * An amount as typed, as a wire decimal: spaces (also no-break) group digits; a single comma or point is the
 * decimal separator; with both, or with one of them repeated, the one that groups by threes is grouping
 * ("1,234.56" and "1.234,56" are 1234.56; "2,000,000" is 2000000). Anything else comes back as typed
 * but for spaces, so that parsing refuses it rather than guess: "1,234" stays a decimal (1.234, refused
 * for a currency with two decimals), never a thousand.
 */
export function normaliseAmount(typed: string): string {
  const text = typed.replace(/[\s\u00a0\u202f]/g, '');
  const commas = text.split(',').length - 1;
  const points = text.split('.').length - 1;
  if (commas > 0 && points > 0) {
    const commaLast = text.lastIndexOf(',') > text.lastIndexOf('.');
    return (commaLast ? groupedNumber(text, '.', ',') : groupedNumber(text, ',', '.')) ?? text;
  }
  if (commas > 1) return groupedNumber(text, ',', '.') ?? text;
  if (points > 1) return groupedNumber(text, '.', ',') ?? text;
  return text.replace(',', '.');
}
