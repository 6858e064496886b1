/**
 * Swedish personnummer and samordningsnummer (Skatteverket SKV 704/707), as the
 * identity of an enskild firma. Forms accepted: YYMMDD-NNNC, YYMMDD+NNNC (the
 * person is 100 or older), YYMMDDNNNC, YYYYMMDD-NNNC, YYYYMMDDNNNC. The birth
 * date must exist; a samordningsnummer adds 60 to the day. The check digit is
 * Luhn over the ten-digit form. Serial number 000 is never issued.
 *
 * Written here rather than wrapping the `personnummer` npm package, which has one
 * generic error message, reads the clock with no way to pass "today", and
 * validates dates in the local time zone. It is used as a test oracle.
 */
import { isLuhnValid } from './checksum';
import { dateParts, isValidDate, isoDate, todayInStockholm, type IsoDate } from './dates';
import { fail, ok, type Parsed } from './result';

declare const personnummerBrand: unique symbol;
/** Twelve ASCII digits YYYYMMDDNNNC that passed `parsePersonnummer`. */
export type Personnummer = string & { readonly [personnummerBrand]: true };

export interface PersonnummerOptions {
  /** The date that decides the century of a 10-digit number; default today in Stockholm. */
  today?: IsoDate;
  /** Accept samordningsnummer (day + 60); default true. */
  allowSamordningsnummer?: boolean;
}

const PATTERN = /^([0-9]{2})?([0-9]{2})([0-9]{2})([0-9]{2})([-+]?)([0-9]{3})([0-9])$/;

export function parsePersonnummer(input: string, options: PersonnummerOptions = {}): Parsed<Personnummer> {
  const trimmed = input.trim();
  if (trimmed === '') return fail('personnummer is empty');
  const match = PATTERN.exec(trimmed);
  if (!match) {
    return fail(
      `personnummer "${input}" must be 10 or 12 digits, optionally with '-' or '+' before the last four`,
    );
  }
  const [, century, yy = '', mm = '', dd = '', separator, serial = '', check = ''] = match;
  const ten = `${yy}${mm}${dd}${serial}${check}`;
  if (!isLuhnValid(ten)) return fail('personnummer check digit is wrong');
  if (serial === '000') return fail(`personnummer "${input}" has serial number 000, which is never issued`);

  const month = Number(mm);
  let day = Number(dd);
  const samordning = day > 60;
  if (samordning) {
    if (options.allowSamordningsnummer === false) {
      return fail(`"${input}" is a samordningsnummer, not a personnummer`);
    }
    day -= 60;
  }

  let year: number;
  if (century !== undefined) {
    year = Number(century + yy);
  } else {
    // Skatteverket's rule is by year: '-' until the year of the 100th
    // birthday, '+' from that year on. So with '-' the year is the one ending
    // in YY within (this year − 100, this year], with '+' a century earlier.
    const thisYear = dateParts(options.today ?? todayInStockholm()).year;
    year = thisYear - ((((thisYear - Number(yy)) % 100) + 100) % 100);
    if (separator === '+') year -= 100;
  }
  if (!isValidDate(year, month, day)) {
    const kind = samordning ? 'samordningsnummer' : 'personnummer';
    return fail(
      `${kind} "${input}" has a birth date that does not exist (${year}-${mm}-${String(day).padStart(2, '0')})`,
    );
  }
  return ok(`${String(year).padStart(4, '0')}${mm}${dd}${serial}${check}` as Personnummer);
}

export function isSamordningsnummer(p: Personnummer): boolean {
  return Number(p.slice(6, 8)) > 60;
}

/** The birth date (for a samordningsnummer: with 60 taken off the day). */
export function birthDateOf(p: Personnummer): IsoDate {
  const day = Number(p.slice(6, 8));
  return isoDate(Number(p.slice(0, 4)), Number(p.slice(4, 6)), day > 60 ? day - 60 : day);
}

/**
 * 'long': "19121212-1212" (the default, unambiguous).
 * 'short': "121212-1212", or "121212+1212" when the person turns 100 or more in
 * the year of `today` (Skatteverket switches the sign in the year of the 100th birthday).
 */
export function formatPersonnummer(
  p: Personnummer,
  style: 'long' | 'short' = 'long',
  today: IsoDate = todayInStockholm(),
): string {
  if (style === 'long') return `${p.slice(0, 8)}-${p.slice(8)}`;
  const born = Number(p.slice(0, 4));
  const sign = dateParts(today).year - born >= 100 ? '+' : '-';
  return `${p.slice(2, 8)}${sign}${p.slice(8)}`;
}
