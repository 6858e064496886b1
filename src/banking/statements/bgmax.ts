import { parseCurrency, type Currency } from '../currency';
import { isoDate, isValidDate, type IsoDate } from '../dates';
import type {
  AccountReport,
  StatementEntry,
  StatementMessage,
  StatementParse,
  StatementProblem,
  StatementProblemKind,
} from './model';

/**
 * Bankgirot's BGMax file of incoming bankgiro payments (layout "BGMAX", version 01): fixed-width
 * 80-character records in ISO-8859-1 with CRLF line ends. One file holds deposit sections
 * (opening record 05 … deposit record 15), each with payments (20), deductions (21), extra
 * references (22, 23), a message (25), the payer's name, address and id (26–29); record 70 ends
 * the file with the counts of each kind, which are checked, as are each deposit's count and sum.
 */
const RECORD_LENGTH = 80;

const RECORD_NAMES: Record<string, string> = {
  '01': 'start',
  '05': 'opening',
  '20': 'payment',
  '21': 'deduction',
  '22': 'extra reference',
  '23': 'extra reference (minus)',
  '25': 'message',
  '26': 'name',
  '27': 'address',
  '28': 'address 2',
  '29': 'organisation number',
  '15': 'deposit',
  '70': 'end',
};

/**
 * BGMax reference codes (position 56): 2 is an OCR number that passed its check, 5 one that failed
 * it (a payer's typo, still the best clue to the invoice); 0 and 1 mean no reference; any other
 * reference (3, 4: not checked by the bank) is kept as message text, with the extra references.
 */
const OCR_REFERENCE_CODES = new Set(['2', '5']);
const NO_REFERENCE_CODES = new Set(['0', '1']);

export interface BgmaxPayment {
  kind: 'payment' | 'deduction';
  /** Signed minor units: a deduction is negative. */
  amountMinor: bigint;
  senderBankgiro: string | null;
  reference: string | null;
  referenceCode: string;
  /** Bankgirot's serial number of the payment (BGC-nummer). */
  bgcNumber: string;
  extraReferences: { reference: string; amountMinor: bigint; referenceCode: string }[];
  messages: string[];
  name: string | null;
  organisationNumber: string | null;
  line: number;
}

export interface BgmaxDeposit {
  receivingBankgiro: string;
  currency: Currency;
  bankAccount: string;
  paymentDate: IsoDate;
  depositSerial: string;
  amountMinor: bigint;
  payments: BgmaxPayment[];
  line: number;
}

export interface BgmaxFile {
  version: string;
  /** YYYYMMDDHHMMSSuuuuuu as Bankgirot wrote it: the file's identity. */
  timestamp: string;
  test: boolean;
  deposits: BgmaxDeposit[];
}

class Records {
  readonly problems: StatementProblem[] = [];

  add(kind: StatementProblemKind, line: number, type: string, message: string): void {
    const where = `record ${type}${RECORD_NAMES[type] ? ` (${RECORD_NAMES[type]})` : ''}`;
    if (this.problems.length < 50) this.problems.push({ kind, line, where, message });
  }
}

/** Characters `from`..`to` (1-based, inclusive, as the manual numbers them). */
function field(record: string, from: number, to: number): string {
  return record.slice(from - 1, to);
}

function digits(
  record: string,
  from: number,
  to: number,
  name: string,
  line: number,
  type: string,
  out: Records,
): string | null {
  const value = field(record, from, to);
  if (value.length === to - from + 1 && /^[0-9]+$/.test(value)) return value;
  out.add('invalid_value', line, type, `${name} (positions ${from}–${to}) must be digits, not "${value}"`);
  return null;
}

function trimmedOrNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** A bankgiro or account number field without its zero padding; null when all zeros. */
function unpadded(value: string): string | null {
  const stripped = value.replace(/^0+/, '');
  return stripped === '' ? null : stripped;
}

function decode(input: Uint8Array | string): string {
  return typeof input === 'string' ? input : new TextDecoder('iso-8859-1').decode(input);
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  // A trailing line end, or DOS's end-of-file mark after the last record, is no record.
  while (lines.length > 0 && (lines[lines.length - 1] === '' || lines[lines.length - 1] === '\x1a'))
    lines.pop();
  return lines;
}

function readPayment(record: string, type: string, line: number, out: Records): BgmaxPayment | null {
  const amount = digits(record, 38, 55, 'amount', line, type, out);
  const bgcNumber = digits(record, 58, 69, 'BGC number', line, type, out);
  const referenceCode = field(record, 56, 56);
  if (!/^[0-5]$/.test(referenceCode)) {
    out.add('invalid_value', line, type, `reference code (position 56) must be 0–5, not "${referenceCode}"`);
  }
  if (amount === null || bgcNumber === null) return null;
  const minor = BigInt(amount);
  return {
    kind: type === '21' ? 'deduction' : 'payment',
    amountMinor: type === '21' ? -minor : minor,
    senderBankgiro: unpadded(field(record, 3, 12)),
    reference: trimmedOrNull(field(record, 13, 37)),
    referenceCode,
    bgcNumber,
    extraReferences: [],
    messages: [],
    name: null,
    organisationNumber: null,
    line,
  };
}

/** Parses a BGMax file (bytes in ISO-8859-1, or text already decoded). */
export function parseBgmax(input: Uint8Array | string): StatementParse<BgmaxFile> {
  const lines = splitLines(decode(input));
  const out = new Records();
  const file: BgmaxFile = { version: '', timestamp: '', test: false, deposits: [] };
  let open: {
    receivingBankgiro: string;
    currency: Currency | null;
    line: number;
    payments: BgmaxPayment[];
  } | null = null;
  let current: BgmaxPayment | null = null;
  const counts = { payments: 0, deductions: 0, extraReferences: 0, deposits: 0 };
  let ended = false;

  lines.forEach((record, index) => {
    const line = index + 1;
    const type = field(record, 1, 2);
    // Counted before the record is read, so that one damaged record is reported once, not again as a count.
    if (type === '20') counts.payments += 1;
    if (type === '21') counts.deductions += 1;
    if (type === '22' || type === '23') counts.extraReferences += 1;
    if (type === '15') counts.deposits += 1;
    const tab = record.indexOf('\t');
    if (tab !== -1) {
      out.add(
        'malformed',
        line,
        type,
        `contains a tab character at column ${tab + 1}; BGMax records are fixed-width text without tabs`,
      );
      return;
    }
    if (record.length > RECORD_LENGTH) {
      out.add(
        'malformed',
        line,
        type,
        `is ${record.length} characters long; a BGMax record has at most ${RECORD_LENGTH}`,
      );
      return;
    }
    if (ended) {
      out.add('malformed', line, type, 'comes after the end record 70');
      return;
    }
    if (line === 1 && type !== '01') {
      out.add('malformed', line, type, 'a BGMax file starts with the start record 01');
      return;
    }
    switch (type) {
      case '01': {
        if (line !== 1) out.add('malformed', line, type, 'only the first record may be a start record');
        const layout = field(record, 3, 22).trim();
        file.version = field(record, 23, 24);
        if (layout !== 'BGMAX' || file.version !== '01') {
          out.add('unsupported', line, type, `layout "${layout}" version "${file.version}" is not BGMAX 01`);
        }
        file.timestamp = field(record, 25, 44).trim();
        file.test = field(record, 45, 45) === 'T';
        return;
      }
      case '05': {
        if (open)
          out.add('malformed', line, type, 'opens a deposit before the previous one was closed by record 15');
        const bankgiro = digits(record, 3, 12, 'bankgiro number', line, type, out);
        const currency = parseCurrency(field(record, 23, 25));
        if (!currency.ok)
          out.add('invalid_value', line, type, `currency (positions 23–25): ${currency.error}`);
        open = {
          receivingBankgiro: unpadded(bankgiro ?? '') ?? '',
          currency: currency.ok ? currency.value : null,
          line,
          payments: [],
        };
        current = null;
        return;
      }
      case '20':
      case '21': {
        if (!open) {
          out.add('malformed', line, type, 'a payment must come inside a deposit (after record 05)');
          return;
        }
        current = readPayment(record, type, line, out);
        if (current) open.payments.push(current);
        return;
      }
      case '22':
      case '23': {
        const amount = digits(record, 38, 55, 'amount', line, type, out);
        if (!current) {
          out.add('malformed', line, type, 'an extra reference must follow a payment (record 20 or 21)');
          return;
        }
        const reference = trimmedOrNull(field(record, 13, 37));
        if (amount !== null && reference !== null) {
          current.extraReferences.push({
            reference,
            amountMinor: type === '23' ? -BigInt(amount) : BigInt(amount),
            referenceCode: field(record, 56, 56),
          });
        }
        return;
      }
      case '25':
      case '26':
      case '27':
      case '28':
      case '29': {
        if (!current) {
          out.add('malformed', line, type, 'must follow a payment (record 20 or 21)');
          return;
        }
        if (type === '25') {
          const message = trimmedOrNull(field(record, 3, 52));
          if (message) current.messages.push(message);
        } else if (type === '26') {
          current.name =
            [field(record, 3, 37), field(record, 38, 72)]
              .map((part) => part.trim())
              .filter((part) => part !== '')
              .join(' ') || null;
        } else if (type === '29') {
          current.organisationNumber = unpadded(field(record, 3, 14));
        }
        return;
      }
      case '15': {
        if (!open) {
          out.add('malformed', line, type, 'closes a deposit that no record 05 opened');
          return;
        }
        const date = digits(record, 38, 45, 'payment date', line, type, out);
        const serial = digits(record, 46, 50, 'deposit serial number', line, type, out);
        const amount = digits(record, 51, 68, 'deposit amount', line, type, out);
        const count = digits(record, 72, 79, 'number of payments', line, type, out);
        const currency = field(record, 69, 71);
        const section = open;
        open = null;
        current = null;
        if (section.currency !== null && currency !== section.currency) {
          out.add(
            'invalid_value',
            line,
            type,
            `currency ${currency} differs from the opening record's ${section.currency} (line ${section.line})`,
          );
        }
        const year = Number(date?.slice(0, 4));
        const month = Number(date?.slice(4, 6));
        const day = Number(date?.slice(6, 8));
        if (date !== null && !isValidDate(year, month, day)) {
          out.add('invalid_value', line, type, `payment date ${date} does not exist`);
          return;
        }
        if (
          date === null ||
          serial === null ||
          amount === null ||
          count === null ||
          section.currency === null
        )
          return;
        const sum = section.payments.reduce((total, payment) => total + payment.amountMinor, 0n);
        if (Number(count) !== section.payments.length) {
          out.add(
            'count_mismatch',
            line,
            type,
            `says ${Number(count)} payments, but the deposit has ${section.payments.length}`,
          );
        }
        if (BigInt(amount) !== sum) {
          out.add(
            'count_mismatch',
            line,
            type,
            `says the deposit is ${BigInt(amount)} öre, but its payments less deductions add up to ${sum}`,
          );
        }
        file.deposits.push({
          receivingBankgiro: section.receivingBankgiro,
          currency: section.currency,
          bankAccount: unpadded(field(record, 3, 37)) ?? '',
          paymentDate: isoDate(year, month, day),
          depositSerial: serial,
          amountMinor: BigInt(amount),
          payments: section.payments,
          line: section.line,
        });
        return;
      }
      case '70': {
        ended = true;
        if (open)
          out.add(
            'malformed',
            line,
            type,
            `the deposit opened on line ${open.line} has no deposit record 15`,
          );
        const declared: [string, number, number, number][] = [
          ['payment records', 3, 10, counts.payments],
          ['deduction records', 11, 18, counts.deductions],
          ['extra reference records', 19, 26, counts.extraReferences],
          ['deposit records', 27, 34, counts.deposits],
        ];
        for (const [name, from, to, actual] of declared) {
          const value = digits(record, from, to, `number of ${name}`, line, type, out);
          if (value !== null && Number(value) !== actual) {
            out.add(
              'count_mismatch',
              line,
              type,
              `says ${Number(value)} ${name}, but the file has ${actual}`,
            );
          }
        }
        return;
      }
      default:
        out.add('malformed', line, type, `"${type}" is not a BGMax record type`);
    }
  });

  if (lines.length === 0) out.add('malformed', 1, '01', 'the file is empty');
  else if (!ended && out.problems.length === 0) {
    out.add('malformed', lines.length, '70', 'is missing: the file ends without its end record');
  }
  if (out.problems.length > 0) return { ok: false, problems: out.problems };
  return { ok: true, value: file };
}

function entryOf(deposit: BgmaxDeposit, payment: BgmaxPayment, position: number): StatementEntry {
  const { reference, referenceCode } = payment;
  const isOcr = reference !== null && OCR_REFERENCE_CODES.has(referenceCode) && /^[0-9]+$/.test(reference);
  const textReference =
    reference !== null && !isOcr && !NO_REFERENCE_CODES.has(referenceCode) ? reference : null;
  const message = [
    ...(textReference === null ? [] : [textReference]),
    ...payment.extraReferences.map((extra) => extra.reference),
    ...payment.messages,
  ].join(' ');
  return {
    amountMinor: payment.amountMinor,
    currency: deposit.currency,
    status: 'booked',
    reversal: false,
    bookingDate: deposit.paymentDate,
    valueDate: deposit.paymentDate,
    // The BGC number repeats across payments; the place in the deposit does not.
    accountServicerReference: `BGMAX-${deposit.receivingBankgiro}-${deposit.paymentDate}-${deposit.depositSerial}-${position}`,
    entryReference: payment.bgcNumber,
    bankTransactionCode: payment.kind === 'deduction' ? 'BGMAX/DEDUCTION' : 'BGMAX/PAYMENT',
    details: [
      {
        amountMinor: payment.amountMinor,
        currency: deposit.currency,
        accountServicerReference: null,
        endToEndId: null,
        creditorReference: isOcr ? reference : null,
        message: message === '' ? null : message,
        counterpartyName: payment.name,
        counterpartyAccount: payment.senderBankgiro,
        line: payment.line,
      },
    ],
    line: payment.line,
  };
}

/** The file in the common statement shape: one report per deposit, one entry per payment or deduction. */
export function bgmaxAsStatement(file: BgmaxFile): StatementMessage {
  const reports: AccountReport[] = file.deposits.map((deposit) => ({
    id: `${deposit.paymentDate}/${deposit.depositSerial}`,
    account: { iban: null, otherId: null, bankgiro: deposit.receivingBankgiro, currency: deposit.currency },
    balances: [],
    entries: deposit.payments.map((payment, index) => entryOf(deposit, payment, index + 1)),
    paginated: false,
    line: deposit.line,
  }));
  return {
    format: 'bgmax',
    version: `BGMAX ${file.version}`,
    messageId: file.timestamp,
    createdAt: file.timestamp,
    reports,
  };
}
