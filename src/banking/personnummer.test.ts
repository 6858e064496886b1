import fc from 'fast-check';
import PersonnummerOracle from 'personnummer';
import { describe, expect, it } from 'vitest';
import { luhnCheckDigit } from './checksum';
import { unwrap } from './result';
import type { IsoDate } from './dates';
import { birthDateOf, formatPersonnummer, isSamordningsnummer, parsePersonnummer } from './personnummer';

const today = '2026-03-15' as IsoDate;

describe('parsePersonnummer', () => {
  it.each([
    ['19121212-1212', '191212121212'],
    ['191212121212', '191212121212'],
    ['121212+1212', '191212121212'],
    ['121212-1212', '201212121212'],
    ['1212121212', '201212121212'],
    ['811218-9876', '198112189876'],
    ['19811218-9876', '198112189876'],
    ['260315-0018', '202603150018'], // 2026, this year
    ['270101-0015', '192701010015'], // 2027 is in the future, so '-' means 1927
  ])('parses %s (today %s)', (input, expected) => {
    expect(parsePersonnummer(input, { today })).toEqual({ ok: true, value: expected });
  });

  it('parses a samordningsnummer (day + 60)', () => {
    const p = unwrap(parsePersonnummer('701063-2391', { today }));
    expect(p).toBe('197010632391');
    expect(isSamordningsnummer(p)).toBe(true);
    expect(birthDateOf(p)).toBe('1970-10-03');
    expect(parsePersonnummer('701063-2391', { today, allowSamordningsnummer: false })).toEqual({
      ok: false,
      error: '"701063-2391" is a samordningsnummer, not a personnummer',
    });
  });

  it.each([
    ['', 'personnummer is empty'],
    ['19121212-1213', 'personnummer check digit is wrong'],
    [
      '1212121',
      `personnummer "1212121" must be 10 or 12 digits, optionally with '-' or '+' before the last four`,
    ],
    [
      '121212–1212',
      `personnummer "121212–1212" must be 10 or 12 digits, optionally with '-' or '+' before the last four`,
    ],
    // impossible dates, each with a correct Luhn digit
    ['19900230-0011', 'personnummer "19900230-0011" has a birth date that does not exist (1990-02-30)'],
    ['19000229-0013', 'personnummer "19000229-0013" has a birth date that does not exist (1900-02-29)'],
    ['19121212-0008', 'personnummer "19121212-0008" has serial number 000, which is never issued'],
  ])('rejects %j', (input, error) => {
    expect(parsePersonnummer(input, { today })).toEqual({ ok: false, error });
  });

  it('formats long and short forms, with + from the year of the 100th birthday', () => {
    const tolvan = unwrap(parsePersonnummer('19121212-1212'));
    expect(formatPersonnummer(tolvan)).toBe('19121212-1212');
    expect(formatPersonnummer(tolvan, 'short', '2011-12-31' as IsoDate)).toBe('121212-1212');
    expect(formatPersonnummer(tolvan, 'short', '2012-01-01' as IsoDate)).toBe('121212+1212');
    expect(birthDateOf(tolvan)).toBe('1912-12-12');
    expect(isSamordningsnummer(tolvan)).toBe(false);
  });

  const dateArb = fc
    .date({
      min: new Date('1800-01-01T00:00:00Z'),
      max: new Date('2026-03-15T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10));
  const serialArb = fc.integer({ min: 1, max: 999 }).map((n) => String(n).padStart(3, '0'));

  it('round-trips long and short formats for any real date (and samordningsnummer)', () => {
    fc.assert(
      fc.property(dateArb, serialArb, fc.boolean(), (iso, serial, samordning) => {
        const [y = '', m = '', d = ''] = iso.split('-');
        const day = samordning ? String(Number(d) + 60) : d;
        const nine = `${y.slice(2)}${m}${day}${serial}`;
        const p = `${y}${m}${day}${serial}${luhnCheckDigit(nine)}`;
        const parsed = unwrap(parsePersonnummer(p, { today }));
        expect(parsed).toBe(p);
        expect(birthDateOf(parsed)).toBe(iso);
        expect(parsePersonnummer(formatPersonnummer(parsed), { today })).toEqual({ ok: true, value: p });
        // The short form only tells centuries apart within 200 years.
        if (Number(y) > 1826)
          expect(parsePersonnummer(formatPersonnummer(parsed, 'short', today), { today })).toEqual({
            ok: true,
            value: p,
          });
      }),
    );
  });

  it('agrees with the personnummer npm package on 12-digit numbers', () => {
    const candidate = fc
      .tuple(
        fc.integer({ min: 1900, max: 2025 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 95 }),
        serialArb,
        fc.option(fc.integer({ min: 0, max: 9 })),
      )
      .map(([y, m, d, serial, check]) => {
        const body = `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${serial}`;
        return `${body}${check ?? luhnCheckDigit(body.slice(2))}`;
      });
    fc.assert(
      fc.property(candidate, (p) => {
        expect(parsePersonnummer(p, { today }).ok).toBe(PersonnummerOracle.valid(p));
      }),
      { numRuns: 1000 },
    );
  });
});
