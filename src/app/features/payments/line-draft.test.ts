import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../banking/dates';
import { parseLinesCsv } from './csv-lines';
import {
  BANK_DAYS_AHEAD,
  creditorBank,
  emptyLine,
  executionDateChoices,
  lineProblems,
  lineTotal,
  parseLineAmount,
  toCreateBody,
} from './line-draft';

const line = (fields: Partial<ReturnType<typeof emptyLine>>) => ({ ...emptyLine(), ...fields });

describe('a payment line as typed', () => {
  it('flags only what is wrong while typing, and also what is missing on save', () => {
    const typing = line({ name: 'Bygg AB', number: '5050-1056', ocr: '1234567890', amount: '0' });
    expect(lineProblems(typing, 'SEK', false)).toEqual({
      'creditor/bankgiro': 'invalid',
      'remittance/ocr': 'invalid',
      'amount/amount': 'amountNotPositive',
    });
    expect(lineProblems(line({}), 'SEK', false)).toEqual({});
    expect(lineProblems(line({}), 'SEK', true)).toEqual({
      'creditor/name': 'required',
      'creditor/bankgiro': 'required',
      'amount/amount': 'required',
      remittance: 'ocrOrMessage',
    });
    const good = line({ name: 'Bygg AB', number: '5050-1055', ocr: '1234 5678 97', amount: '12 500,50' });
    expect(lineProblems(good, 'SEK', true)).toEqual({});
    expect(lineProblems({ ...good, message: 'Faktura 1' }, 'SEK', true)).toEqual({
      remittance: 'ocrOrMessage',
    });
    expect(lineProblems({ ...good, amount: '1.001' }, 'SEK', true)).toEqual({ 'amount/amount': 'invalid' });
  });

  it('checks plusgiro, Swedish accounts and IBANs with their check digits, and derives the bank', () => {
    expect(lineProblems(line({ kind: 'plusgiro', number: '90 01 62-8' }), 'SEK', false)).toEqual({
      'creditor/plusgiro': 'invalid',
    });
    const account = line({ kind: 'account', clearing: '5839', number: '8257466' });
    expect(lineProblems(account, 'SEK', false)).toEqual({});
    expect(creditorBank(account)).toBe('SEB');
    expect(lineProblems({ ...account, number: '8257467' }, 'SEK', false)).toEqual({
      'creditor/account': 'invalid',
    });
    expect(lineProblems({ ...account, ocr: '1234567897' }, 'SEK', false)).toEqual({
      'remittance/ocr': 'ocrNotForAccount',
    });
    const iban = line({ kind: 'iban', number: 'SE45 5000 0000 0583 9825 7466' });
    expect(creditorBank(iban)).toBe('SEB');
    expect(lineProblems({ ...iban, number: 'SE45 5000 0000 0583 9825 7467' }, 'SEK', false)).toEqual({
      'creditor/iban': 'invalid',
    });
    // Abroad outside EUR the bank cannot be derived: the BIC is asked for.
    const norwegian = line({
      kind: 'iban',
      number: 'NO93 8601 1117 947',
      name: 'Oslo AS',
      amount: '10',
      message: 'x',
    });
    expect(creditorBank(norwegian)).toBeNull();
    expect(lineProblems(norwegian, 'NOK', true)).toEqual({ 'creditor/bic': 'bicNeeded' });
    expect(lineProblems({ ...norwegian, bic: 'DNBANOKK' }, 'NOK', true)).toEqual({});
    expect(creditorBank(line({ number: '5050-1055' }))).toBeNull();
  });

  it('totals exactly in minor units and builds the request body', () => {
    const lines = [
      line({ name: 'A', number: '5050-1055', amount: '0.10', ocr: '1234567897' }),
      line({ name: 'B', kind: 'plusgiro', number: '90 01 62-9', amount: '0,20', message: 'Faktura 7' }),
      line({ amount: 'x' }),
    ];
    expect(lineTotal(lines, 'SEK')).toBe(30n);
    expect(
      toCreateBody({
        debtorAccountId: 'acct_drift0001',
        label: ' ',
        executionDate: '2026-11-27',
        currency: 'SEK',
        lines: lines.slice(0, 2),
      }),
    ).toEqual({
      debtor_account_id: 'acct_drift0001',
      payments: [
        {
          creditor: { name: 'A', bankgiro: '5050-1055' },
          amount: { amount: '0.10', currency: 'SEK' },
          execution_date: '2026-11-27',
          remittance: { ocr: '1234567897' },
        },
        {
          creditor: { name: 'B', plusgiro: '90 01 62-9' },
          amount: { amount: '0.20', currency: 'SEK' },
          execution_date: '2026-11-27',
          remittance: { message: 'Faktura 7' },
        },
      ],
    });
  });

  it('offers only Swedish bank days, from today on', () => {
    const choices = executionDateChoices(isoDate(2026, 12, 23));
    expect(choices).toHaveLength(BANK_DAYS_AHEAD);
    // Julafton (24th) and juldagen, annandag jul, then the weekend are no bank days.
    expect(choices.slice(0, 4)).toEqual(['2026-12-23', '2026-12-28', '2026-12-29', '2026-12-30']);
    expect(executionDateChoices(isoDate(2026, 11, 28))[0]).toBe('2026-11-30'); // a Saturday
  });
});

describe('payment lines from CSV', () => {
  it('reads a Swedish spreadsheet export: semicolons, quotes, a byte order mark, any column order', () => {
    const csv =
      '\uFEFFamount;name;kind;number;ocr;message;clearing\r\n' +
      '12 500,00;"Bygg; Betong AB";bankgiro;5050-1055;1234567897;;\r\n' +
      '800;"Kontor ""Norr"" AB";PLUSGIRO;90 01 62-9;;Faktura 4410;\r\n' +
      '100;Lön;account;8257466;;Lön nov;5839\r\n';
    const parsed = parseLinesCsv(csv);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(
      parsed.lines.map(({ name, kind, number, clearing, amount, ocr, message }) => ({
        name,
        kind,
        number,
        clearing,
        amount,
        ocr,
        message,
      })),
    ).toEqual([
      {
        name: 'Bygg; Betong AB',
        kind: 'bankgiro',
        number: '5050-1055',
        clearing: '',
        amount: '12 500,00',
        ocr: '1234567897',
        message: '',
      },
      {
        name: 'Kontor "Norr" AB',
        kind: 'plusgiro',
        number: '90 01 62-9',
        clearing: '',
        amount: '800',
        ocr: '',
        message: 'Faktura 4410',
      },
      {
        name: 'Lön',
        kind: 'account',
        number: '8257466',
        clearing: '5839',
        amount: '100',
        ocr: '',
        message: 'Lön nov',
      },
    ]);
    expect(parsed.lines.every((read) => Object.keys(lineProblems(read, 'SEK', true)).length === 0)).toBe(
      true,
    );
  });

  it('says what is wrong with a file it cannot read', () => {
    expect(parseLinesCsv('')).toEqual({ ok: false, row: 1, problem: 'noHeader' });
    expect(parseLinesCsv('name,amount\nA,1')).toEqual({ ok: false, row: 1, problem: 'missingColumns' });
    expect(parseLinesCsv('name,kind,number,amount\n')).toEqual({ ok: false, row: 2, problem: 'empty' });
    expect(parseLinesCsv('name,kind,number,amount\nA,bankgiro,5050-1055,1\nB,swish,123,1')).toEqual({
      ok: false,
      row: 3,
      problem: 'unknownKind',
    });
    expect(parseLinesCsv('name,kind,number,amount\n"A,bankgiro,5050-1055,1')).toEqual({
      ok: false,
      row: 1,
      problem: 'unclosedQuote',
    });
  });
});

describe('a line amount as typed', () => {
  it('never guesses: what does not group by threes is refused', () => {
    for (const typed of ['1,234', '1,23.4', '12,34,567', '1.234.5', '1,234.5.6', '1.23,4,5']) {
      expect(parseLineAmount(typed, 'SEK'), typed).toBeNull();
    }
    expect(parseLineAmount('2,5', 'SEK')).toBe(250n);
    expect(parseLineAmount('1,234.56', 'SEK')).toBe(123_456n);
  });
});
