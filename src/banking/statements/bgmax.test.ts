import { describe, expect, it } from 'vitest';
import { buildBgmax } from '../../../test/support/bank-files';
import { FIXTURES_PRESENT, fixtureBytes, reportMissingFixtures } from '../../../test/support/bank-fixtures';
import { bgmaxAsStatement, parseBgmax, type BgmaxFile } from './bgmax';
import type { StatementParse } from './model';

function parsed(result: StatementParse<BgmaxFile>): BgmaxFile {
  if (!result.ok) throw new Error(`expected the file to parse: ${JSON.stringify(result.problems)}`);
  return result.value;
}

function problems(result: StatementParse<BgmaxFile>) {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
}

const latin1 = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));
const asText = (bytes: Uint8Array) => String.fromCharCode(...bytes);

const built = () =>
  buildBgmax({
    timestamp: '20261124100000000001',
    bankgiro: '56781234',
    paymentDate: '2026-11-24',
    depositSerial: '12',
    payments: [
      { amountMinor: 12_500_00n, senderBankgiro: '1234566', ocr: '4107183279', name: 'Kund Ett AB' },
      {
        amountMinor: 990_00n,
        senderBankgiro: '7654321',
        message: 'Faktura 77 och 78',
        name: 'Öresund Åkeri AB',
      },
      { amountMinor: 100_00n, senderBankgiro: '1234566', ocr: '4107183279', deduction: true },
    ],
  });

describe('BGMax files built by the specification', () => {
  it('reads payments with OCR or message, the sender, deductions and the deposit', () => {
    const file = parsed(parseBgmax(built()));
    expect(file).toMatchObject({ version: '01', timestamp: '20261124100000000001', test: false });
    const [deposit] = file.deposits;
    expect(deposit).toMatchObject({
      receivingBankgiro: '56781234',
      currency: 'SEK',
      paymentDate: '2026-11-24',
      depositSerial: '00012',
      amountMinor: 13_390_00n,
    });
    expect(deposit?.payments.map((p) => [p.kind, p.amountMinor, p.reference, p.name])).toEqual([
      ['payment', 12_500_00n, '4107183279', 'Kund Ett AB'],
      ['payment', 990_00n, null, 'Öresund Åkeri AB'],
      ['deduction', -100_00n, '4107183279', null],
    ]);
    const statement = bgmaxAsStatement(file);
    expect(statement.reports[0]?.account.bankgiro).toBe('56781234');
    expect(
      statement.reports[0]?.entries.map((e) => [
        e.amountMinor,
        e.details[0]?.creditorReference,
        e.details[0]?.message,
      ]),
    ).toEqual([
      [12_500_00n, '4107183279', null],
      [990_00n, null, 'Faktura 77 och 78'],
      [-100_00n, '4107183279', null],
    ]);
    expect(new Set(statement.reports[0]?.entries.map((e) => e.accountServicerReference)).size).toBe(3);
  });

  it('checks the deposit count and sum and the end record counts, naming the line', () => {
    const text = asText(built());
    const lines = text.split('\r\n');
    const depositLine = lines.findIndex((l) => l.startsWith('15')) + 1;
    const wrongSum = lines.map((l) =>
      l.startsWith('15') ? l.replace('000000000001339000SEK', '000000000001339001SEK') : l,
    );
    expect(problems(parseBgmax(latin1(wrongSum.join('\r\n'))))).toEqual([
      {
        kind: 'count_mismatch',
        line: depositLine,
        where: 'record 15 (deposit)',
        message: 'says the deposit is 1339001 öre, but its payments less deductions add up to 1339000',
      },
    ]);
    const wrongEnd = lines.map((l) => (l.startsWith('70') ? `70${'3'.padStart(8, '0')}${l.slice(10)}` : l));
    expect(problems(parseBgmax(latin1(wrongEnd.join('\r\n'))))).toEqual([
      expect.objectContaining({
        kind: 'count_mismatch',
        line: lines.length,
        message: 'says 3 payment records, but the file has 2',
      }),
    ]);
  });

  it('refuses a file without its end record, an unknown record, and a bad amount', () => {
    const lines = asText(built()).split('\r\n');
    expect(problems(parseBgmax(latin1(lines.slice(0, -1).join('\r\n'))))[0]).toMatchObject({
      where: 'record 70 (end)',
      message: 'is missing: the file ends without its end record',
    });
    const unknown = [...lines.slice(0, 3), '99 what is this', ...lines.slice(3)];
    expect(problems(parseBgmax(latin1(unknown.join('\r\n'))))[0]).toMatchObject({
      line: 4,
      message: '"99" is not a BGMax record type',
    });
    const badAmount = lines.map((l, i) => (i === 2 ? `${l.slice(0, 40)}12x45${l.slice(45)}` : l));
    expect(problems(parseBgmax(latin1(badAmount.join('\r\n'))))[0]).toMatchObject({
      kind: 'invalid_value',
      line: 3,
      where: 'record 20 (payment)',
    });
    expect(problems(parseBgmax(latin1('<?xml version="1.0"?><Document/>')))[0]).toMatchObject({
      line: 1,
      message: 'a BGMax file starts with the start record 01',
    });
  });
});

reportMissingFixtures('BGMax conformance on ../shared/fixtures');
if (FIXTURES_PRESENT) {
  describe("conformance: Bankgirot's own BGMax example (Latin-1, CRLF)", () => {
    const example = () => fixtureBytes('bgmax/bankgirot-example-ocr-check-length.txt');

    it('reports the record-22 line damaged by tabs precisely', () => {
      expect(problems(parseBgmax(example()))).toEqual([
        {
          kind: 'malformed',
          line: 17,
          where: 'record 22 (extra reference)',
          message: 'contains a tab character at column 13; BGMax records are fixed-width text without tabs',
        },
      ]);
    });

    it('with that line restored as Bankgirot wrote it, every count and sum checks out', () => {
      // The two tabs replaced 12 of the reference field's leading spaces (it is right-aligned in 25).
      const repaired = latin1(asText(example()).replace('\t\t', ' '.repeat(12)));
      const file = parsed(parseBgmax(repaired));
      expect(file).toMatchObject({ version: '01', timestamp: '20040525173035010331', test: false });
      expect(
        file.deposits.map((d) => [
          d.receivingBankgiro,
          d.paymentDate,
          d.depositSerial,
          d.amountMinor,
          d.payments.length,
        ]),
      ).toEqual([
        ['9912346', '2004-05-25', '00074', 1900_00n, 3],
        ['9912346', '2004-05-25', '00075', 8000_00n, 4],
      ]);
      const [first, deduction, several] = file.deposits[0]?.payments ?? [];
      expect(first).toMatchObject({
        amountMinor: 1000_00n,
        senderBankgiro: '3783511',
        reference: '655969',
        referenceCode: '2',
        name: 'Kalles Plåt AB',
        organisationNumber: '5500001234',
      });
      expect(deduction).toMatchObject({ kind: 'deduction', amountMinor: -500_00n, reference: '89853' });
      expect(several?.extraReferences.map((r) => r.reference)).toEqual([
        '657866',
        '658765',
        '657767',
        '657965',
      ]);
      expect(several?.messages).toEqual(['Betalning med extra refnr 657965']);

      const entries = bgmaxAsStatement(file).reports.flatMap((r) => r.entries);
      expect(entries.map((e) => [e.amountMinor, e.details[0]?.creditorReference ?? null])).toEqual([
        [1000_00n, '655969'],
        [-500_00n, null],
        [1400_00n, null],
        [1100_00n, '650861'],
        [1200_00n, null],
        [700_00n, '659763'],
        [5000_00n, '658260'],
      ]);
      expect(entries[2]?.details[0]?.message).toBe(
        '657866 658765 657767 657866 658765 657767 657965 Betalning med extra refnr 657965',
      );
      expect(entries[0]?.details[0]?.counterpartyName).toBe('Kalles Plåt AB');
    });
  });
}
