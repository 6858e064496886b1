import { validateXML } from 'xmllint-wasm';
import { describe, expect, it } from 'vitest';
import { buildCamt053, buildCamt054, type TestStatement } from '../../../test/support/bank-files';
import {
  FIXTURES_PRESENT,
  fixtureBytes,
  fixtureText,
  reportMissingFixtures,
} from '../../../test/support/bank-fixtures';
import { parseCamt } from './camt';
import { checkBalanceContinuity } from './continuity';
import type { StatementMessage, StatementParse } from './model';
import { parseStatementFile } from './parse-file';

function parsed(result: StatementParse<StatementMessage>): StatementMessage {
  if (!result.ok) throw new Error(`expected the file to parse: ${JSON.stringify(result.problems)}`);
  return result.value;
}

function problems(result: StatementParse<StatementMessage>) {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
}

const demoStatement = (version: '02' | '08'): TestStatement => ({
  version,
  messageId: `FINVIS-TEST-${version}`,
  statementId: `STMT-2026-11-24-${version}`,
  iban: 'SE4550000000058398257466',
  currency: 'SEK',
  openingMinor: 1_000_000_00n,
  openingDate: '2026-11-23',
  closingDate: '2026-11-24',
  entries: [
    {
      amountMinor: 12_500_00n,
      bookingDate: '2026-11-24',
      reference: 'SEB-20261124-0001',
      endToEndId: 'E2E-CUST-1',
      ocr: '4107183279',
      counterpartyName: 'Kund Ett AB',
      counterpartyIban: 'SE3550000000054910000003',
    },
    {
      amountMinor: -3_450_75n,
      bookingDate: '2026-11-24',
      reference: 'SEB-20261124-0002',
      endToEndId: 'batch_01abc-1',
      message: 'Faktura 9912 & frakt <expr>',
      counterpartyName: 'Leverantören Åkesson AB',
    },
    {
      amountMinor: 7_000_00n,
      bookingDate: '2026-11-24',
      reference: 'SEB-20261124-0003',
      batch: [
        { amountMinor: 4_000_00n, endToEndId: 'B-1', ocr: '1234567897', counterpartyName: 'Kund Två AB' },
        { amountMinor: 3_000_00n, endToEndId: 'B-2', counterpartyName: 'Kund Tre AB' },
      ],
    },
  ],
});

describe('camt.053 built by the standard', () => {
  for (const version of ['02', '08'] as const) {
    it(`reads balances, entries, remittance, counterparties and batches (.001.${version})`, () => {
      const message = parsed(parseCamt(buildCamt053(demoStatement(version)), 'camt.053'));
      expect(message).toMatchObject({
        format: 'camt.053',
        version: `camt.053.001.${version}`,
        messageId: `FINVIS-TEST-${version}`,
      });
      const [report] = message.reports;
      expect(report?.account).toEqual({
        iban: 'SE4550000000058398257466',
        otherId: null,
        bankgiro: null,
        currency: 'SEK',
      });
      expect(report?.balances.map((b) => [b.type, b.amountMinor, b.date])).toEqual([
        ['OPBD', 1_000_000_00n, '2026-11-23'],
        ['CLBD', 1_016_049_25n, '2026-11-24'],
        ['CLAV', 1_016_049_25n, '2026-11-24'],
      ]);
      const [incoming, outgoing, batch] = report?.entries ?? [];
      expect(incoming).toMatchObject({
        amountMinor: 12_500_00n,
        currency: 'SEK',
        status: 'booked',
        bookingDate: '2026-11-24',
        accountServicerReference: 'SEB-20261124-0001',
        bankTransactionCode: 'PMNT/RCDT/DMCT',
      });
      expect(incoming?.details).toEqual([
        expect.objectContaining({
          amountMinor: 12_500_00n,
          endToEndId: 'E2E-CUST-1',
          creditorReference: '4107183279',
          counterpartyName: 'Kund Ett AB',
          counterpartyAccount: 'SE3550000000054910000003',
        }),
      ]);
      expect(outgoing?.amountMinor).toBe(-3_450_75n);
      expect(outgoing?.details[0]).toMatchObject({
        amountMinor: -3_450_75n,
        message: 'Faktura 9912 & frakt <expr>',
        counterpartyName: 'Leverantören Åkesson AB',
        creditorReference: null,
      });
      expect(batch?.details.map((d) => [d.amountMinor, d.endToEndId, d.creditorReference])).toEqual([
        [4_000_00n, 'B-1', '1234567897'],
        [3_000_00n, 'B-2', null],
      ]);
      expect(checkBalanceContinuity(report!)).toEqual([]);
    });
  }

  it('reads a camt.054 notification of the same entries', () => {
    const message = parsed(parseStatementFile('camt054', Buffer.from(buildCamt054(demoStatement('08')))));
    expect(message.format).toBe('camt.054');
    expect(message.reports[0]?.entries.map((e) => e.amountMinor)).toEqual([
      12_500_00n,
      -3_450_75n,
      7_000_00n,
    ]);
    expect(message.reports[0]?.balances).toEqual([]);
  });

  it('finds a closing balance that the opening balance and the entries do not make', () => {
    const broken = parsed(parseCamt(buildCamt053({ ...demoStatement('02'), closingMinor: 1_016_049_24n })));
    expect(checkBalanceContinuity(broken.reports[0]!)).toEqual([
      expect.objectContaining({
        kind: 'count_mismatch',
        message:
          'is 1016049.24 SEK, but the opening balance 1000000.00 SEK plus the booked entries 16049.25 SEK make 1016049.25 SEK',
      }),
    ]);
  });
});

describe('camt faults are refused with what and where', () => {
  const good = buildCamt053(demoStatement('02'));

  it('names the line of XML that is not well-formed', () => {
    const broken = good.replace('</Stmt>', '</Stmnt>');
    expect(problems(parseCamt(broken))).toEqual([
      expect.objectContaining({
        kind: 'malformed',
        where: 'XML',
        line: broken.split('\n').findIndex((l) => l.includes('</Stmnt>')) + 1,
      }),
    ]);
  });

  it('refuses a message of another kind or version', () => {
    expect(problems(parseCamt(buildCamt054(demoStatement('02')), 'camt.053'))).toEqual([
      expect.objectContaining({
        kind: 'unsupported',
        message: 'the file is camt.054.001.02; expected camt.053.001.02, camt.053.001.04, camt.053.001.08',
      }),
    ]);
    const pain =
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"><CstmrPmtStsRpt/></Document>';
    expect(problems(parseCamt(pain))[0]?.message).toMatch(
      /^the file is pain\.002\.001\.03; expected camt\.053/,
    );
    expect(problems(parseCamt('<html><body/></html>'))[0]?.message).toMatch(/without an ISO 20022 namespace/);
  });

  it('names the entry, element and line of a bad amount, sign or status', () => {
    const broken = good
      .replace('<Amt Ccy="SEK">3450.75</Amt>', '<Amt Ccy="SEK">3450.756</Amt>')
      .replace('<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>', '<CdtDbtInd>CREDIT</CdtDbtInd>\n        <Sts>');
    const found = problems(parseCamt(broken));
    const lineOf = (needle: string) => broken.split('\n').findIndex((l) => l.includes(needle)) + 1;
    expect(found).toEqual(
      expect.arrayContaining([
        {
          kind: 'invalid_value',
          line: lineOf('3450.756'),
          where: 'Stmt[1]/Ntry[2]/Amt',
          message: `amount "3450.756" has more decimals than SEK's minor unit (2)`,
        },
        expect.objectContaining({ kind: 'invalid_value', where: 'Stmt[1]/Ntry[1]/CdtDbtInd' }),
      ]),
    );
  });

  it('checks the entry count and sums of the transaction summary', () => {
    const broken = good.replace('<NbOfNtries>3</NbOfNtries>', '<NbOfNtries>4</NbOfNtries>');
    expect(problems(parseCamt(broken))).toEqual([
      expect.objectContaining({
        kind: 'count_mismatch',
        where: 'Stmt[1]/TxsSummry/TtlNtries/NbOfNtries',
        message: 'says 4 entries, but the statement has 3',
      }),
    ]);
    const wrongSum = good.replace('<Sum>22950.75</Sum>', '<Sum>22950.76</Sum>');
    expect(problems(parseCamt(wrongSum))[0]).toMatchObject({ where: 'Stmt[1]/TxsSummry/TtlNtries/Sum' });
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(problems(parseStatementFile('camt053', Uint8Array.from([0x3c, 0xe5, 0x3e])))).toEqual([
      expect.objectContaining({ kind: 'malformed', message: 'is not UTF-8 text, as ISO 20022 XML must be' }),
    ]);
  });
});

reportMissingFixtures('camt.053/.054 conformance on ../shared/fixtures');
if (FIXTURES_PRESENT) {
  const samples = 'iso20022/samples';

  describe('conformance: camt files written by other implementers and banks', () => {
    it('genkgo v2 minimal: balances of each type and currency, signs, dates, a scored OCR reference', () => {
      const message = parsed(parseCamt(fixtureText(`${samples}/genkgo-camt053.v2.minimal.xml`)));
      expect(message.messageId).toBe('CAMT053RIB000000000001');
      const [report] = message.reports;
      expect(report?.id).toBe('253EURNL26VAYB8060476890');
      expect(report?.account.iban).toBe('NL26VAYB8060476890');
      expect(report?.balances.map((b) => [b.type, b.amountMinor, b.currency, b.date])).toEqual([
        ['OPBD', 1815n, 'EUR', '2014-12-30'],
        ['CLBD', -2700n, 'SEK', '2014-12-31'],
        ['OPAV', 3500n, 'CHF', '2014-12-30'],
        ['CLAV', -2700n, 'JPY', '2014-12-31'],
      ]);
      expect(report?.entries[0]).toMatchObject({
        amountMinor: 885n,
        status: 'booked',
        reversal: false,
        bookingDate: '2014-12-31',
        valueDate: '2015-01-02',
        bankTransactionCode: '544',
      });
      expect(report?.entries[0]?.details[0]).toMatchObject({
        creditorReference: '4654654654654654',
        counterpartyName: 'NAME NAME',
        counterpartyAccount: 'NL56AGDH9619008421',
      });
    });

    it('genkgo v2: every balance type, several statements, five decimals', () => {
      const all = parsed(parseCamt(fixtureText(`${samples}/genkgo-camt053.v2.all-balance-types.xml`)));
      expect(all.reports[0]?.balances.map((b) => b.type)).toEqual([
        'OPBD',
        'PRCD',
        'OPAV',
        'CLBD',
        'CLAV',
        'FWAV',
        'INFO',
        'ITAV',
        'ITBD',
        'XPCD',
      ]);
      const multi = parsed(parseCamt(fixtureText(`${samples}/genkgo-camt053.v2.multi.statement.xml`)));
      expect(multi.reports).toHaveLength(2);
      const five = parsed(parseCamt(fixtureText(`${samples}/genkgo-camt053.v2.five.decimals.xml`)));
      expect(five.reports[0]?.balances.map((b) => b.amountMinor)).toEqual([1815n, 2705n]);
      expect(five.reports[0]?.entries[0]?.details[0]).toMatchObject({
        endToEndId: '000000001',
        message: 'Transaction Description',
      });
    });

    it('genkgo v4 and v8: account by Othr/Id, status under Cd, booking date-time, AcctSvcrRef', () => {
      for (const file of ['genkgo-camt053.v4.xml', 'genkgo-camt053.v8.xml']) {
        const message = parsed(parseCamt(fixtureText(`${samples}/${file}`), 'camt.053'));
        const [report] = message.reports;
        expect(report?.account).toMatchObject({ iban: null, otherId: 'NL26VAYB8060476890' });
        expect(report?.paginated).toBe(true);
        expect(report?.entries[0]).toMatchObject({
          amountMinor: 885n,
          status: 'booked',
          accountServicerReference: 'AAAASESS-FP-CN_98765/01',
        });
      }
      const v8 = parsed(parseCamt(fixtureText(`${samples}/genkgo-camt053.v8.xml`)));
      expect(v8.version).toBe('camt.053.001.08');
      expect(v8.reports[0]?.entries[0]).toMatchObject({
        bookingDate: '2014-12-31',
        bankTransactionCode: 'PMNT/RCDT/BOOK',
      });
      expect(v8.reports[0]?.entries[0]?.details[0]).toMatchObject({
        endToEndId: 'MUELL/FINP/RA12345',
        counterpartyName: 'NAME NAME',
        creditorReference: '4654654654654654',
      });
    });

    it('genkgo camt.054 v2 and v8: a batched debit with its transactions', () => {
      const v8 = parsed(parseCamt(fixtureText(`${samples}/genkgo-camt054.v8.xml`), 'camt.054'));
      expect(v8.messageId).toBe('AAAASESS-FP-ACCR001');
      const [entry] = v8.reports[0]?.entries ?? [];
      expect(entry).toMatchObject({
        amountMinor: -200000_00n,
        currency: 'SEK',
        accountServicerReference: 'ACSR160617103200001',
      });
      expect(entry?.details.map((d) => [d.amountMinor, d.currency, d.endToEndId])).toEqual([
        [310n, 'CHF', 'UXC06170000006PI00001EE00001'],
        [320n, 'CHF', 'UXC06170000006PI00001EE00002'],
        [320n, 'CHF', 'UXC06170000006PI00001EE00002'],
      ]);
      expect(entry?.details[0]).toMatchObject({
        creditorReference: 'ISR ref number V1',
        message: 'Unstructured Remittance Information V1',
      });
      const v2 = parsed(parseStatementFile('camt054', fixtureBytes(`${samples}/genkgo-camt054.v2.xml`)));
      expect(v2.format).toBe('camt.054');
      expect(v2.reports[0]?.entries.length).toBe(1);
    });

    it('Nordea camt.053: OCR and RF references, NOTPROVIDED end-to-end ids, balances that add up', () => {
      const message = parsed(parseCamt(fixtureText(`${samples}/iso20022js-nordea-example_camt.xml`)));
      const [report] = message.reports;
      expect(report?.entries.map((e) => e.amountMinor)).toEqual([
        10000_00n,
        100_50n,
        -700_50n,
        -300_00n,
        -400_00n,
        -100_00n,
      ]);
      expect(report?.entries.map((e) => e.details[0]?.endToEndId)).toEqual([
        '20190501-E00005',
        null,
        '20190508-E123456',
        null,
        null,
        null,
      ]);
      expect(report?.entries[0]?.details[0]?.creditorReference).toBe('00000000000000001245');
      expect(report?.entries[1]?.details[0]?.message).toBe(
        'Free text max 140 characters and ma x 35 characters in one line',
      );
      expect(checkBalanceContinuity(report!)).toEqual([]);
    });

    it('Goldman Sachs camt.053: two statements, date-time balances, a reversal, its summary checked', () => {
      const message = parsed(
        parseCamt(fixtureText(`${samples}/iso20022js-goldman_sachs-camt_053_uk_v2_1.xml`)),
      );
      expect(message.reports.map((r) => [r.account.otherId ?? r.account.iban, r.entries.length])).toEqual([
        ['60000635', 0],
        ['GB36GSLD04296250000970', 6],
      ]);
      const second = message.reports[1]!;
      expect(second.balances.find((b) => b.type === 'CLBD')).toMatchObject({
        amountMinor: 334425126_42n,
        date: '2023-10-09',
      });
      expect(second.entries.find((e) => e.reversal)).toMatchObject({
        amountMinor: 100_00n,
        entryReference: '181694550',
      });
    });

    it('the deliberately wrong file is refused: a statement message without a statement', () => {
      expect(
        problems(parseStatementFile('camt053', fixtureBytes(`${samples}/genkgo-camt053.v2.wrong.xml`))),
      ).toEqual([
        {
          kind: 'malformed',
          line: 3,
          where: 'BkToCstmrStmt/Stmt',
          message: 'is missing: a camt.053 message holds at least one statement',
        },
      ]);
    });

    it('a pain.002 status report is not a statement', () => {
      const result = parseStatementFile(
        'camt053',
        fixtureBytes(`${samples}/iso20022js-goldman_sachs-pain_002_v3_accepted.xml`),
      );
      expect(problems(result)[0]).toMatchObject({ kind: 'unsupported' });
    });
  });

  describe('files built by the standard are valid against the official XSDs', () => {
    const xsd = (name: string) => fixtureText(`iso20022/xsd/${name}`);
    const cases = [
      ['camt.053.001.02', buildCamt053(demoStatement('02'))],
      ['camt.053.001.08', buildCamt053(demoStatement('08'))],
      ['camt.054.001.02', buildCamt054(demoStatement('02'))],
      ['camt.054.001.08', buildCamt054(demoStatement('08'))],
    ] as const;
    for (const [schema, xml] of cases) {
      it(`${schema}`, async () => {
        const result = await validateXML({
          xml: [{ fileName: `${schema}.xml`, contents: xml }],
          schema: [{ fileName: `${schema}.xsd`, contents: xsd(`${schema}.xsd`) }],
        });
        expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
        expect(result.valid).toBe(true);
      });
    }
  });
}
