import fc from 'fast-check';
import { composeIBAN, isValidIBAN } from 'ibantools';
import { describe, expect, it } from 'vitest';
import { bicForSwedishBankCode } from './bic';
import { CLEARING_RANGES } from './clearing';
import {
  formatIban,
  ibanCheckDigits,
  ibanCountry,
  ibanLength,
  mod97,
  parseIban,
  swedishAccountFromIban,
  swedishIbanFromAccount,
} from './iban';
import { unwrap } from './result';
import { digitString } from './test-arbitraries';

describe('parseIban', () => {
  it.each([
    ['SE45 5000 0000 0583 9825 7466', 'SE', 24],
    ['SE35 5000 0000 0549 1000 0003', 'SE', 24],
    ['NO93 8601 1117 947', 'NO', 15],
    ['DK50 0040 0440 1162 43', 'DK', 18],
    ['FI21 1234 5600 0007 85', 'FI', 18],
    ['DE89 3704 0044 0532 0130 00', 'DE', 22],
    ['GB29 NWBK 6016 1331 9268 19', 'GB', 22],
    ['FR14 2004 1010 0505 0001 3M02 606', 'FR', 27],
    ['NL91 ABNA 0417 1643 00', 'NL', 18],
    ['CH93 0076 2011 6238 5295 7', 'CH', 21],
  ])('accepts the registry example %s', (print, country, length) => {
    const iban = unwrap(parseIban(print));
    expect(iban).toBe(print.replaceAll(' ', ''));
    expect(formatIban(iban)).toBe(print);
    expect(ibanCountry(iban)).toBe(country);
    expect(ibanLength(country)).toBe(length);
    expect(iban).toHaveLength(length);
  });

  it('normalises case and spacing', () => {
    expect(parseIban(' se45 5000 0000 0583 9825 7466 ')).toEqual({
      ok: true,
      value: 'SE4550000000058398257466',
    });
  });

  it.each([
    ['', 'IBAN is empty'],
    ['SE46 5000 0000 0583 9825 7466', 'IBAN check digits are wrong'],
    ['SE45 5000 0000 0583 9825 746', 'IBAN for SE must have 24 characters, not 23'],
    ['US12 3456 7890', 'IBAN country US is not in the IBAN registry'],
    ['DZ58 0002 1000 0111 3000 0005 70', 'IBAN country DZ is not in the IBAN registry'],
    [
      'SE45-5000',
      'IBAN "SE45-5000" must be a two-letter country code, two check digits and letters or digits',
    ],
    ['GB29 1WBK 6016 1331 9268 19', 'IBAN account part "1WBK60161331926819" does not have the GB format'],
    // mod-97 correct, but the Norwegian account's own mod-11 digit is wrong
    ['NO66 8601 1117 948', 'IBAN contains a NO account number whose national check digit is wrong'],
  ])('rejects %j', (input, error) => {
    expect(parseIban(input)).toEqual({ ok: false, error });
  });

  it('computes check digits like ibantools for random Swedish and German BBANs', () => {
    fc.assert(
      fc.property(fc.constantFrom('SE', 'DE', 'FI'), digitString(20, 20), (country, digits) => {
        const len = (ibanLength(country) ?? 0) - 4;
        const bban = digits.slice(0, len);
        const ours = `${country}${ibanCheckDigits(country, bban)}${bban}`;
        expect(ours).toBe(composeIBAN({ countryCode: country, bban }));
        expect(mod97(bban + ours.slice(0, 4))).toBe(1);
        // FI BBANs have a national check digit of their own: compare with ibantools.
        expect(parseIban(ours).ok).toBe(isValidIBAN(ours));
      }),
    );
  });

  it('catches every single-character change and every adjacent transposition', () => {
    const base = 'SE4550000000058398257466';
    for (let i = 4; i < base.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const changed = `${base.slice(0, i)}${d}${base.slice(i + 1)}`;
        if (changed !== base) expect(parseIban(changed).ok).toBe(false);
      }
      if (i + 1 < base.length && base[i] !== base[i + 1]) {
        const swapped = `${base.slice(0, i)}${base[i + 1]}${base[i]}${base.slice(i + 2)}`;
        expect(parseIban(swapped).ok).toBe(false);
      }
    }
  });
});

describe('Swedish IBANs', () => {
  it.each([
    // SEB examples published with the Swedish IBAN rules
    ['5839', '8257466', 'SE4550000000058398257466'],
    ['5491', '0000003', 'SE3550000000054910000003'],
  ])('SEB %s %s ↔ %s', (clearing, account, iban) => {
    expect(swedishIbanFromAccount(clearing, account)).toEqual({ ok: true, value: iban });
    expect(swedishAccountFromIban(iban)).toMatchObject({
      ok: true,
      value: { clearing, account, bankName: 'SEB' },
    });
  });

  it.each([
    // bank, clearing, account, 17-digit account part of the IBAN
    ['Handelsbanken', '6789', '123456789', '600', '00000000123456789'],
    ['Swedbank 7xxx', '7000', '1234560', '800', '00000070001234560'],
    ['Swedbank 8xxx-x', '8424-4', '9831892246', '800', '00842449831892246'],
    ['Swedbank 8xxx short', '8129', '433867116', '800', '00812990433867116'],
    ['Nordea', '3000', '7654324', '300', '00000030007654324'],
    ['Nordea personkonto', '3300', '121212-1212', '300', '00000001212121212'],
    ['Danske Bank', '1281', '0105723', '120', '00000012810105723'],
    ['Danske Bank 918x', '9180', '1212121212', '120', '00000001212121212'],
  ])('%s: account part and bank code', (_name, clearing, account, bankCode, part) => {
    const iban = unwrap(swedishIbanFromAccount(clearing, account));
    expect(iban.slice(4, 7)).toBe(bankCode);
    expect(iban.slice(7)).toBe(part);
    expect(parseIban(iban).ok).toBe(true);
    expect(bicForSwedishBankCode(bankCode)).toBeDefined();
  });

  it('maps back where the IBAN holds the clearing number', () => {
    expect(swedishAccountFromIban(unwrap(swedishIbanFromAccount('8424-4', '9831892246')))).toMatchObject({
      ok: true,
      value: { clearing: '84244', account: '9831892246', bankName: 'Swedbank' },
    });
    expect(swedishAccountFromIban(unwrap(swedishIbanFromAccount('3300', '1212121212')))).toMatchObject({
      ok: true,
      value: { clearing: '3300', account: '1212121212' },
    });
    expect(swedishAccountFromIban(unwrap(swedishIbanFromAccount('6789', '123456789')))).toEqual({
      ok: false,
      error:
        'Handelsbanken IBANs do not contain the clearing number, so the Swedish account number cannot be derived',
    });
    expect(swedishAccountFromIban(unwrap(swedishIbanFromAccount('9180', '1212121212'))).ok).toBe(false);
    expect(swedishAccountFromIban('NO93 8601 1117 947')).toEqual({
      ok: false,
      error: 'IBAN NO93 8601 1117 947 is not Swedish',
    });
  });

  it('refuses banks without an implemented mapping, and mismatched bank codes', () => {
    expect(swedishIbanFromAccount('9789', '1111113')).toEqual({
      ok: false,
      error: 'the IBAN of Klarna Bank accounts (clearing 9789) is not supported; ask the bank for it',
    });
    // bank code 500 (SEB) around a Swedbank 7xxx account
    const bban = '500' + '00000070001234560';
    const forged = `SE${ibanCheckDigits('SE', bban)}${bban}`;
    expect(swedishAccountFromIban(forged)).toEqual({
      ok: false,
      error: 'IBAN bank code 500 (SEB) does not match clearing number 7000 (Swedbank)',
    });
  });

  it('round-trips every valid account of the banks whose IBAN holds the clearing number', () => {
    const ranges = CLEARING_RANGES.filter((r) => r.iban?.includesClearing === true || r.from === 3300);
    const arb = fc
      .constantFrom(...ranges)
      .chain((r) =>
        fc.tuple(
          fc.integer({ min: r.from, max: r.to }).map(String),
          digitString(r.accountLength.max - 1, r.accountLength.max - 1),
        ),
      );
    fc.assert(
      fc.property(arb, ([clearing, payload]) => {
        const account = [...'0123456789']
          .map((c) => payload + c)
          .find((a) => swedishIbanFromAccount(clearing, a).ok);
        fc.pre(account !== undefined);
        if (account === undefined) return;
        const iban = unwrap(swedishIbanFromAccount(clearing, account));
        expect(isValidIBAN(iban)).toBe(true);
        const back = unwrap(swedishAccountFromIban(formatIban(iban)));
        expect(back.account).toBe(account);
        expect(back.clearing.slice(0, 4)).toBe(clearing === '3782' ? '3300' : clearing);
      }),
      { numRuns: 1000 },
    );
  });
});
