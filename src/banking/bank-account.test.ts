import fc from 'fast-check';
import Kontonummer from 'kontonummer';
import { describe, expect, it } from 'vitest';
import { formatSwedishAccount, parseSwedishAccount, swedishAccountDigits } from './bank-account';
import { luhnCheckDigit } from './checksum';
import { CLEARING_RANGES } from './clearing';
import { unwrap } from './result';
import { digitString } from './test-arbitraries';

describe('parseSwedishAccount', () => {
  it.each([
    // [clearing, account, normalised clearing, normalised account, bank, type, comment]
    ['5839', '8257466', '5839', '8257466', 'SEB', 1, 1],
    ['5491', '0000003', '5491', '0000003', 'SEB', 1, 1],
    ['9071', '417 23 83', '9071', '4172383', 'Multitude Bank', 1, 1],
    ['9789', '1111113', '9789', '1111113', 'Klarna Bank', 1, 2],
    ['6789', '123456789', '6789', '123456789', 'Handelsbanken', 2, 2],
    ['8424-4', '983 189 224-6', '84244', '9831892246', 'Swedbank', 2, 3],
    ['8351-9', '392 242 224-5', '83519', '3922422245', 'Swedbank', 2, 3],
    ['8129-9', '043 386 711-6', '81299', '0433867116', 'Swedbank', 2, 3],
    ['8129', '43 386 711-6', '81299', '0433867116', 'Swedbank', 2, 3],
    ['3300', '000620-5124', '3300', '0006205124', 'Nordea (personkonto)', 2, 1],
    ['3300', '121212-1212', '3300', '1212121212', 'Nordea (personkonto)', 2, 1],
    ['9960', '9001629', '9960', '9001629', 'Nordea (Plusgirot)', 2, 3],
  ] as const)('accepts %s %s', (clearing, account, nc, na, bankName, type, comment) => {
    expect(parseSwedishAccount(clearing, account)).toEqual({
      ok: true,
      value: { clearing: nc, account: na, bankName, type, comment },
    });
  });

  it('formats for people and files', () => {
    const seb = unwrap(parseSwedishAccount('5839', '8257466'));
    expect(formatSwedishAccount(seb)).toBe('5839, 8257466');
    expect(swedishAccountDigits(seb)).toBe('58398257466');
    const swedbank = unwrap(parseSwedishAccount('8424', '9831892246'));
    expect(formatSwedishAccount(swedbank)).toBe('8424-4, 9831892246');
  });

  it.each([
    ['5839', '8257467', 'SEB account number check digit is wrong'],
    ['6789', '123456788', 'Handelsbanken account number check digit is wrong'],
    ['8424-4', '9831892247', 'Swedbank account number check digit is wrong'],
    ['8424-1', '9831892246', 'clearing number 8424-1 check digit is wrong (expected 8424-4)'],
    ['5839', '82574660', 'SEB account numbers with clearing 5839 have 7 digits, not 8'],
    ['5839', '825746', 'SEB account numbers with clearing 5839 have 7 digits, not 6'],
    [
      '3300',
      '1212121212 1',
      'Nordea (personkonto) account numbers with clearing 3300 have 10 digits, not 11',
    ],
    ['6789', '1234567', 'Handelsbanken account numbers with clearing 6789 have 8 to 9 digits, not 7'],
    ['1000', '1234567', 'clearing number 1000 belongs to no known bank'],
    ['5839', '', 'account number is empty'],
    ['7000', '0000000', 'account number must not be all zeros'],
    ['5839', '825746x', 'account number "825746x" may contain only digits, spaces and dashes'],
  ])('rejects %s %j', (clearing, account, error) => {
    expect(parseSwedishAccount(clearing, account)).toEqual({ ok: false, error });
  });

  /** A clearing number drawn from every range, and an account of that bank's canonical length. */
  const accountArb = fc
    .constantFrom(...CLEARING_RANGES)
    .chain((range) =>
      fc.tuple(
        fc.integer({ min: range.from, max: range.to }).map(String),
        digitString(range.accountLength.max, range.accountLength.max),
        fc.constant(range),
      ),
    );

  it('agrees with the kontonummer package on validity and bank (except 3410–3499)', () => {
    fc.assert(
      fc.property(accountArb, ([clearing, account, range]) => {
        // kontonummer wants 10-digit Swedbank 8xxx accounts with the 5-digit clearing
        const sortingCode = clearing.startsWith('8') ? clearing + luhnCheckDigit(clearing) : clearing;
        const ours = parseSwedishAccount(sortingCode, account);
        const theirs = Kontonummer.valid(sortingCode, account);
        expect(ours.ok).toBe(theirs);
        const n = Number(clearing);
        if (ours.ok && !(n >= 3410 && n <= 3499)) {
          const k = Kontonummer.parse(sortingCode, account);
          expect(ours.value.type).toBe(k.type);
          expect(ours.value.comment).toBe(k.comment);
          const firstWord = (name: string) => name.toLowerCase().replace(/[ /].*/, '');
          expect(firstWord(ours.value.bankName)).toBe(firstWord(k.bankName));
          expect(ours.value.bankName).toBe(range.bankName);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a valid account with any clearing and catches every single-digit change of the account', () => {
    fc.assert(
      fc.property(
        accountArb,
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        ([clearing, account, range], i, delta) => {
          // Find the check digit that makes the account valid (mod 11 has no answer for some payloads).
          const payload = account.slice(0, -1);
          const valid = [...'0123456789']
            .map((c) => payload + c)
            .find((candidate) => parseSwedishAccount(clearing, candidate).ok);
          fc.pre(valid !== undefined);
          if (valid === undefined) return;
          const parsed = unwrap(parseSwedishAccount(clearing, valid));
          expect(parsed.bankName).toBe(range.bankName);
          const pos = i % valid.length;
          const changed = `${valid.slice(0, pos)}${(Number(valid[pos]) + delta) % 10}${valid.slice(pos + 1)}`;
          expect(parseSwedishAccount(clearing, changed).ok).toBe(false);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
