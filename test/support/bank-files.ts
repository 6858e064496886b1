import { XMLBuilder } from 'fast-xml-parser';
import type { Currency } from '../../src/banking/currency';
import { formatAmount } from '../../src/banking/money';

/**
 * Bank files built by the standards for tests: camt.053/.054 in the element order of the official
 * schemas (the tests validate them against the XSDs), and BGMax with its fixed-width records and
 * the counts a real file carries. Amounts are signed minor units, like the parsed entries.
 */
export interface TestEntry {
  amountMinor: bigint;
  bookingDate: string;
  reference: string;
  endToEndId?: string;
  ocr?: string;
  message?: string;
  counterpartyName?: string;
  counterpartyIban?: string;
  /** Several transactions in one booked entry (a batch): their amounts must add up to the entry's. */
  batch?: { amountMinor: bigint; endToEndId: string; ocr?: string; counterpartyName?: string }[];
}

export interface TestStatement {
  version: '02' | '08';
  messageId: string;
  statementId: string;
  iban: string;
  currency: Currency;
  /** The opening booked balance; the closing one follows from the entries. */
  openingMinor: bigint;
  openingDate: string;
  closingDate: string;
  entries: TestEntry[];
  /** Override the closing balance (to build a file whose arithmetic is wrong). */
  closingMinor?: bigint;
}

const abs = (minor: bigint) => (minor < 0n ? -minor : minor);
const indicator = (minor: bigint) => (minor < 0n ? 'DBIT' : 'CRDT');

function amount(minor: bigint, currency: Currency) {
  return { '#text': formatAmount(abs(minor), currency), '@_Ccy': currency };
}

function balance(code: string, minor: bigint, currency: Currency, date: string) {
  return {
    Tp: { CdOrPrtry: { Cd: code } },
    Amt: amount(minor, currency),
    CdtDbtInd: indicator(minor),
    Dt: { Dt: date },
  };
}

function party(version: '02' | '08', name: string) {
  return version === '02' ? { Nm: name } : { Pty: { Nm: name } };
}

function transactionDetails(
  version: '02' | '08',
  currency: Currency,
  sign: bigint,
  detail: {
    amountMinor: bigint;
    endToEndId?: string | undefined;
    ocr?: string | undefined;
    message?: string | undefined;
    counterpartyName?: string | undefined;
    counterpartyIban?: string | undefined;
  },
) {
  const [partyTag, accountTag] = sign > 0n ? ['Dbtr', 'DbtrAcct'] : ['Cdtr', 'CdtrAcct'];
  const related = {
    ...(detail.counterpartyName ? { [partyTag]: party(version, detail.counterpartyName) } : {}),
    ...(detail.counterpartyIban ? { [accountTag]: { Id: { IBAN: detail.counterpartyIban } } } : {}),
  };
  const remittance = {
    ...(detail.message ? { Ustrd: detail.message } : {}),
    ...(detail.ocr ? { Strd: { CdtrRefInf: { Tp: { CdOrPrtry: { Cd: 'SCOR' } }, Ref: detail.ocr } } } : {}),
  };
  return {
    Refs: { EndToEndId: detail.endToEndId ?? 'NOTPROVIDED' },
    ...(version === '08'
      ? { Amt: amount(detail.amountMinor, currency), CdtDbtInd: indicator(detail.amountMinor) }
      : { AmtDtls: { TxAmt: { Amt: amount(detail.amountMinor, currency) } } }),
    ...(Object.keys(related).length > 0 ? { RltdPties: related } : {}),
    ...(Object.keys(remittance).length > 0 ? { RmtInf: remittance } : {}),
  };
}

function entry(version: '02' | '08', currency: Currency, item: TestEntry) {
  const sign = item.amountMinor < 0n ? -1n : 1n;
  const details = item.batch
    ? item.batch.map((part) => transactionDetails(version, currency, sign, part))
    : [transactionDetails(version, currency, sign, item)];
  return {
    Amt: amount(item.amountMinor, currency),
    CdtDbtInd: indicator(item.amountMinor),
    Sts: version === '02' ? 'BOOK' : { Cd: 'BOOK' },
    BookgDt: { Dt: item.bookingDate },
    ValDt: { Dt: item.bookingDate },
    AcctSvcrRef: item.reference,
    BkTxCd: {
      Domn: { Cd: 'PMNT', Fmly: { Cd: sign > 0n ? 'RCDT' : 'ICDT', SubFmlyCd: 'DMCT' } },
    },
    NtryDtls: {
      ...(item.batch ? { Btch: { NbOfTxs: String(item.batch.length) } } : {}),
      TxDtls: details,
    },
  };
}

function build(document: unknown): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    processEntities: true,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${builder.build(document)}`;
}

export function buildCamt053(statement: TestStatement): string {
  const { version, currency } = statement;
  const movement = statement.entries.reduce((total, item) => total + item.amountMinor, 0n);
  const closing = statement.closingMinor ?? statement.openingMinor + movement;
  return build({
    Document: {
      '@_xmlns': `urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}`,
      BkToCstmrStmt: {
        GrpHdr: { MsgId: statement.messageId, CreDtTm: `${statement.closingDate}T18:00:00+01:00` },
        Stmt: {
          Id: statement.statementId,
          CreDtTm: `${statement.closingDate}T18:00:00+01:00`,
          Acct: { Id: { IBAN: statement.iban }, Ccy: currency },
          Bal: [
            balance('OPBD', statement.openingMinor, currency, statement.openingDate),
            balance('CLBD', closing, currency, statement.closingDate),
            balance('CLAV', closing, currency, statement.closingDate),
          ],
          TxsSummry: {
            TtlNtries: {
              NbOfNtries: String(statement.entries.length),
              Sum: formatAmount(
                statement.entries.reduce((total, item) => total + abs(item.amountMinor), 0n),
                currency,
              ),
            },
          },
          Ntry: statement.entries.map((item) => entry(version, currency, item)),
        },
      },
    },
  });
}

export function buildCamt054(
  notification: Omit<TestStatement, 'openingMinor' | 'openingDate' | 'closingMinor'>,
): string {
  const { version, currency } = notification;
  return build({
    Document: {
      '@_xmlns': `urn:iso:std:iso:20022:tech:xsd:camt.054.001.${version}`,
      BkToCstmrDbtCdtNtfctn: {
        GrpHdr: { MsgId: notification.messageId, CreDtTm: `${notification.closingDate}T12:00:00+01:00` },
        Ntfctn: {
          Id: notification.statementId,
          CreDtTm: `${notification.closingDate}T12:00:00+01:00`,
          Acct: { Id: { IBAN: notification.iban }, Ccy: currency },
          Ntry: notification.entries.map((item) => entry(version, currency, item)),
        },
      },
    },
  });
}

export interface TestBgmaxPayment {
  amountMinor: bigint;
  senderBankgiro: string;
  ocr?: string;
  message?: string;
  name?: string;
  deduction?: boolean;
}

const pad = (value: string, width: number) => value.padEnd(width, ' ').slice(0, width);
const zeros = (value: string | bigint | number, width: number) => String(value).padStart(width, '0');

/** A BGMax file (as ISO-8859-1 bytes with CRLF) with one deposit to `bankgiro`. */
export function buildBgmax(input: {
  timestamp: string;
  bankgiro: string;
  paymentDate: string;
  depositSerial: string;
  payments: TestBgmaxPayment[];
}): Uint8Array {
  const records = [
    `01${pad('BGMAX', 20)}01${pad(input.timestamp, 20)}P`,
    `05${zeros(input.bankgiro, 10)}${pad('', 10)}SEK`,
  ];
  let deposit = 0n;
  let deductions = 0;
  for (const [index, payment] of input.payments.entries()) {
    const type = payment.deduction ? '21' : '20';
    if (payment.deduction) deductions += 1;
    deposit += payment.deduction ? -payment.amountMinor : payment.amountMinor;
    const reference = payment.ocr ? payment.ocr.padStart(25, ' ') : pad('', 25);
    records.push(
      `${type}${zeros(payment.senderBankgiro, 10)}${reference}${zeros(payment.amountMinor, 18)}${payment.ocr ? '2' : '1'}1${zeros(index + 1, 12)}0${payment.deduction ? '0' : ''}`,
    );
    if (payment.message) records.push(`25${pad(payment.message, 50)}`);
    if (payment.name) records.push(`26${pad(payment.name, 35)}`);
  }
  records.push(
    `15${zeros('58410000010098', 35)}${input.paymentDate.replaceAll('-', '')}${zeros(input.depositSerial, 5)}${zeros(deposit, 18)}SEK${zeros(input.payments.length, 8)} `,
  );
  records.push(
    `70${zeros(input.payments.length - deductions, 8)}${zeros(deductions, 8)}${zeros(0, 8)}${zeros(1, 8)}`,
  );
  const text = records.map((record) => record.padEnd(80, ' ')).join('\r\n');
  return Uint8Array.from(text, (character) => character.charCodeAt(0));
}
