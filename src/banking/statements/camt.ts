import { parseCurrency, type Currency } from '../currency';
import { parseIsoDate, type IsoDate } from '../dates';
import { electronicIban } from '../iban';
import { parseStatementAmount } from './amount';
import type {
  AccountReport,
  BalanceType,
  EntryDetail,
  EntryStatus,
  StatementBalance,
  StatementEntry,
  StatementMessage,
  StatementParse,
  StatementProblem,
  StatementProblemKind,
} from './model';
import {
  attribute,
  child,
  children,
  parseXml,
  text,
  texts,
  type XmlDocument,
  type XmlNode,
} from './xml-tree';

/**
 * ISO 20022 cash management messages: camt.053 (BankToCustomerStatement) and camt.054
 * (BankToCustomerDebitCreditNotification), in the versions whose schemas we test against. The
 * elements read here kept their names and places across these versions; where they moved (the
 * party under `Pty` from .04 on, the status under `Cd` from .05 on) both forms are read.
 */
export type CamtKind = 'camt.053' | 'camt.054';

const SUPPORTED_CAMT_VERSIONS: Record<CamtKind, readonly string[]> = {
  'camt.053': ['001.02', '001.04', '001.08'],
  'camt.054': ['001.02', '001.04', '001.08'],
};

const NAMESPACE_PREFIX = 'urn:iso:std:iso:20022:tech:xsd:';

const CONTAINERS: Record<CamtKind, { message: string; report: string; label: string }> = {
  'camt.053': { message: 'BkToCstmrStmt', report: 'Stmt', label: 'statement' },
  'camt.054': { message: 'BkToCstmrDbtCdtNtfctn', report: 'Ntfctn', label: 'notification' },
};

const BALANCE_TYPES = new Set<string>([
  'OPBD',
  'CLBD',
  'ITBD',
  'PRCD',
  'OPAV',
  'CLAV',
  'ITAV',
  'FWAV',
  'INFO',
  'XPCD',
] satisfies BalanceType[]);

const ENTRY_STATUS: Record<string, EntryStatus> = { BOOK: 'booked', PDNG: 'pending', INFO: 'information' };

/** Most problems a file gets reported with; past this the rest are the same mistake again. */
const MAX_PROBLEMS = 50;

class Collector {
  readonly problems: StatementProblem[] = [];
  constructor(readonly document: XmlDocument) {}

  add(kind: StatementProblemKind, node: unknown, where: string, message: string): void {
    if (this.problems.length < MAX_PROBLEMS) {
      this.problems.push({ kind, line: this.document.lineOf(node), where, message });
    }
  }
}

function supportedList(kind: CamtKind): string {
  return SUPPORTED_CAMT_VERSIONS[kind].map((version) => `${kind}.${version}`).join(', ');
}

/** Which camt message the namespace names, e.g. `camt.053.001.08`; null when it names none. */
function messageIdentifier(document: XmlDocument): string | null {
  const namespace = document.namespaces.find((uri) => uri.startsWith(NAMESPACE_PREFIX));
  return namespace === undefined ? null : namespace.slice(NAMESPACE_PREFIX.length);
}

/** A date element (`Dt` or `DtTm` inside it); absent elements are the caller's to judge. */
function readDate(node: XmlNode | undefined, where: string, collect: Collector): IsoDate | null {
  if (!node) return null;
  const value = text(node, 'Dt') ?? text(node, 'DtTm');
  if (value === null) {
    collect.add('malformed', node, where, 'has neither Dt nor DtTm');
    return null;
  }
  // A date-time counts on the business date the bank wrote, not that date moved to another zone.
  const parsed = parseIsoDate(value.slice(0, 10));
  if (!parsed.ok) {
    collect.add('invalid_value', node, where, `"${value}" is not a date`);
    return null;
  }
  return parsed.value;
}

function readSign(node: XmlNode, where: string, collect: Collector): 1n | -1n | null {
  const indicator = text(node, 'CdtDbtInd');
  if (indicator === 'CRDT') return 1n;
  if (indicator === 'DBIT') return -1n;
  collect.add(
    indicator === null ? 'malformed' : 'invalid_value',
    node,
    `${where}/CdtDbtInd`,
    indicator === null ? 'is missing' : `"${indicator}" is neither CRDT nor DBIT`,
  );
  return null;
}

function readAmount(
  parent: XmlNode,
  path: string[],
  where: string,
  collect: Collector,
): { minor: bigint; currency: Currency } | null {
  const amount = text(parent, ...path);
  const currency = attribute(parent, path, 'Ccy');
  const node = child(parent, ...path);
  if (amount === null) {
    collect.add('malformed', parent, `${where}/${path.join('/')}`, 'is missing');
    return null;
  }
  if (currency === null) {
    collect.add('malformed', node, `${where}/${path.join('/')}`, 'has no Ccy attribute');
    return null;
  }
  const parsed = parseStatementAmount(amount, currency);
  if (!parsed.ok) {
    collect.add('invalid_value', node, `${where}/${path.join('/')}`, parsed.error);
    return null;
  }
  return parsed.value;
}

function meaningful(value: string | null): string | null {
  if (value === null) return null;
  const trimmed = value.trim();
  return trimmed === '' || trimmed.toUpperCase() === 'NOTPROVIDED' ? null : trimmed;
}

/** A party's name: `Nm` directly (.02) or under `Pty` (.04 and later). */
function partyName(party: XmlNode | undefined): string | null {
  return meaningful(text(party, 'Nm') ?? text(party, 'Pty', 'Nm'));
}

function accountId(account: XmlNode | undefined): string | null {
  const iban = text(account, 'Id', 'IBAN');
  return meaningful(iban === null ? text(account, 'Id', 'Othr', 'Id') : electronicIban(iban));
}

function bankTransactionCode(entry: XmlNode): string | null {
  const domain = child(entry, 'BkTxCd', 'Domn');
  if (domain) {
    return [text(domain, 'Cd'), text(domain, 'Fmly', 'Cd'), text(domain, 'Fmly', 'SubFmlyCd')]
      .filter((part): part is string => part !== null && part !== '')
      .join('/');
  }
  return meaningful(text(entry, 'BkTxCd', 'Prtry', 'Cd'));
}

function readDetail(detail: XmlNode, entrySign: 1n | -1n, where: string, collect: Collector): EntryDetail {
  const amountPath = child(detail, 'Amt')
    ? ['Amt']
    : child(detail, 'AmtDtls', 'TxAmt', 'Amt')
      ? ['AmtDtls', 'TxAmt', 'Amt']
      : null;
  const amount = amountPath ? readAmount(detail, amountPath, where, collect) : null;
  const sign =
    text(detail, 'CdtDbtInd') === null ? entrySign : (readSign(detail, where, collect) ?? entrySign);
  const parties = child(detail, 'RltdPties');
  // The other party is whoever is not us: the debtor of money in, the creditor of money out.
  const [party, account] = entrySign > 0n ? ['Dbtr', 'DbtrAcct'] : ['Cdtr', 'CdtrAcct'];
  const remittance = child(detail, 'RmtInf');
  const creditorReference =
    children(remittance, 'Strd')
      .map((structured) => meaningful(text(structured, 'CdtrRefInf', 'Ref')))
      .find((reference) => reference !== null) ?? null;
  const message = texts(remittance, 'Ustrd')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join(' ');
  return {
    amountMinor: amount === null ? null : amount.minor * sign,
    currency: amount?.currency ?? null,
    accountServicerReference: meaningful(text(detail, 'Refs', 'AcctSvcrRef')),
    endToEndId: meaningful(text(detail, 'Refs', 'EndToEndId')),
    creditorReference,
    message: message === '' ? null : message,
    counterpartyName: partyName(child(parties, party)),
    counterpartyAccount: accountId(child(parties, account)),
    line: collect.document.lineOf(detail) ?? 0,
  };
}

function readEntry(entry: XmlNode, where: string, collect: Collector): StatementEntry | null {
  const amount = readAmount(entry, ['Amt'], where, collect);
  const sign = readSign(entry, where, collect);
  const statusCode = text(entry, 'Sts', 'Cd') ?? text(entry, 'Sts');
  const status = statusCode === null ? undefined : ENTRY_STATUS[statusCode];
  if (status === undefined) {
    collect.add(
      statusCode === null ? 'malformed' : 'invalid_value',
      entry,
      `${where}/Sts`,
      statusCode === null ? 'is missing' : `"${statusCode}" is not BOOK, PDNG or INFO`,
    );
  }
  const bookingDate = readDate(child(entry, 'BookgDt'), `${where}/BookgDt`, collect);
  const valueDate = readDate(child(entry, 'ValDt'), `${where}/ValDt`, collect);
  if (status === 'booked' && !child(entry, 'BookgDt')) {
    collect.add('malformed', entry, `${where}/BookgDt`, 'a booked entry must have a booking date');
  }
  if (amount === null || sign === null || status === undefined) return null;

  const details: EntryDetail[] = [];
  children(entry, 'NtryDtls').forEach((group, g) => {
    const groupWhere = `${where}/NtryDtls[${g + 1}]`;
    const transactions = children(group, 'TxDtls');
    transactions.forEach((detail, d) =>
      details.push(readDetail(detail, sign, `${groupWhere}/TxDtls[${d + 1}]`, collect)),
    );
  });

  return {
    amountMinor: amount.minor * sign,
    currency: amount.currency,
    status,
    reversal: text(entry, 'RvslInd') === 'true',
    bookingDate,
    valueDate,
    accountServicerReference: meaningful(text(entry, 'AcctSvcrRef')),
    entryReference: meaningful(text(entry, 'NtryRef')),
    bankTransactionCode: bankTransactionCode(entry),
    details,
    line: collect.document.lineOf(entry) ?? 0,
  };
}

function readBalance(balance: XmlNode, where: string, collect: Collector): StatementBalance | null {
  const code = text(balance, 'Tp', 'CdOrPrtry', 'Cd');
  // A proprietary balance type means something only to its bank; it is not ours to book.
  if (code === null) return null;
  if (!BALANCE_TYPES.has(code)) {
    collect.add('invalid_value', balance, `${where}/Tp`, `"${code}" is not a balance type code`);
    return null;
  }
  const amount = readAmount(balance, ['Amt'], where, collect);
  const sign = readSign(balance, where, collect);
  const dateNode = child(balance, 'Dt');
  if (!dateNode) collect.add('malformed', balance, `${where}/Dt`, 'is missing');
  const date = readDate(dateNode, `${where}/Dt`, collect);
  if (amount === null || sign === null || date === null) return null;
  return {
    type: code as BalanceType,
    amountMinor: amount.minor * sign,
    currency: amount.currency,
    date,
    line: collect.document.lineOf(balance) ?? 0,
  };
}

/** TxsSummry: the bank's own count and sums of the entries, checked against the entries. */
function checkSummary(
  report: XmlNode,
  entries: StatementEntry[],
  label: string,
  where: string,
  collect: Collector,
): void {
  const summary = child(report, 'TxsSummry');
  if (!summary) return;
  const currencies = new Set(entries.map((entry) => entry.currency));
  const currency = currencies.size === 1 ? [...currencies][0] : undefined;
  const groups: [string, StatementEntry[]][] = [
    ['TtlNtries', entries],
    ['TtlCdtNtries', entries.filter((entry) => entry.amountMinor > 0n)],
    ['TtlDbtNtries', entries.filter((entry) => entry.amountMinor < 0n)],
  ];
  for (const [name, group] of groups) {
    const totals = child(summary, name);
    if (!totals) continue;
    const count = text(totals, 'NbOfNtries');
    if (count !== null && count !== String(group.length)) {
      collect.add(
        'count_mismatch',
        totals,
        `${where}/TxsSummry/${name}/NbOfNtries`,
        `says ${count} entries, but the ${label} has ${group.length}`,
      );
    }
    const declaredSum = text(totals, 'Sum');
    if (declaredSum === null || currency === undefined) continue;
    const parsed = parseStatementAmount(declaredSum, currency);
    const actual = group.reduce(
      (total, entry) => total + (entry.amountMinor < 0n ? -entry.amountMinor : entry.amountMinor),
      0n,
    );
    if (!parsed.ok) {
      collect.add('invalid_value', totals, `${where}/TxsSummry/${name}/Sum`, parsed.error);
    } else if (parsed.value.minor !== actual) {
      collect.add(
        'count_mismatch',
        totals,
        `${where}/TxsSummry/${name}/Sum`,
        `says ${declaredSum}, but the entries add up to a different sum`,
      );
    }
  }
}

function readReport(
  report: XmlNode,
  kind: CamtKind,
  where: string,
  collect: Collector,
): AccountReport | null {
  const id = meaningful(text(report, 'Id'));
  if (id === null) collect.add('malformed', report, `${where}/Id`, 'is missing');
  const account = child(report, 'Acct');
  if (!account) collect.add('malformed', report, `${where}/Acct`, 'is missing');
  const iban = text(account, 'Id', 'IBAN');
  const otherId = meaningful(text(account, 'Id', 'Othr', 'Id'));
  if (account && iban === null && otherId === null) {
    collect.add('malformed', account, `${where}/Acct/Id`, 'names neither an IBAN nor another account id');
  }
  const currencyCode = text(account, 'Ccy');
  const currency = currencyCode === null ? null : parseCurrency(currencyCode);
  if (currency && !currency.ok) collect.add('invalid_value', account, `${where}/Acct/Ccy`, currency.error);

  const balances = children(report, 'Bal')
    .map((balance, b) => readBalance(balance, `${where}/Bal[${b + 1}]`, collect))
    .filter((balance): balance is StatementBalance => balance !== null);
  const entryNodes = children(report, 'Ntry');
  const entries = entryNodes
    .map((entry, e) => readEntry(entry, `${where}/Ntry[${e + 1}]`, collect))
    .filter((entry): entry is StatementEntry => entry !== null);
  // An entry that could not be read is reported already; the summary would only repeat it.
  if (entries.length === entryNodes.length)
    checkSummary(report, entries, CONTAINERS[kind].label, where, collect);

  const pagination = child(report, kind === 'camt.053' ? 'StmtPgntn' : 'NtfctnPgntn');
  const onlyPage =
    pagination === undefined ||
    (text(pagination, 'PgNb') === '1' && text(pagination, 'LastPgInd') === 'true');
  if (id === null || !account) return null;
  return {
    id,
    account: {
      iban: iban === null ? null : electronicIban(iban),
      otherId,
      bankgiro: null,
      currency: currency?.ok ? currency.value : null,
    },
    balances,
    entries,
    paginated: !onlyPage,
    line: collect.document.lineOf(report) ?? 0,
  };
}

/**
 * Reads a camt.053 or camt.054 message. With `expected`, a message of the other kind is refused.
 * Every fault found is reported (up to 50), each with its line and element path.
 */
export function parseCamt(xml: string, expected?: CamtKind): StatementParse<StatementMessage> {
  const parsed = parseXml(xml);
  if (!parsed.ok) {
    return {
      ok: false,
      problems: [{ kind: 'malformed', line: parsed.line, where: 'XML', message: parsed.message }],
    };
  }
  const document = parsed.document;
  const identifier = messageIdentifier(document);
  const kind = (['camt.053', 'camt.054'] as const).find((candidate) =>
    identifier?.startsWith(`${candidate}.`),
  );
  const wanted = expected ? [expected] : (['camt.053', 'camt.054'] as const);
  const version = kind === undefined || identifier === null ? undefined : identifier.slice(kind.length + 1);
  if (
    kind === undefined ||
    !wanted.includes(kind) ||
    version === undefined ||
    !SUPPORTED_CAMT_VERSIONS[kind].includes(version)
  ) {
    const what = identifier === null ? `a <${document.rootName}> without an ISO 20022 namespace` : identifier;
    return {
      ok: false,
      problems: [
        {
          kind: 'unsupported',
          line: document.lineOf(document.root) ?? 1,
          where: document.rootName,
          message: `the file is ${what}; expected ${wanted.map(supportedList).join(' or ')}`,
        },
      ],
    };
  }

  const collect = new Collector(document);
  const container = CONTAINERS[kind];
  const message = child(document.root, container.message);
  if (!message) {
    collect.add('malformed', document.root, container.message, `is missing: a ${kind} message has one`);
    return { ok: false, problems: collect.problems };
  }
  const messageId = meaningful(text(message, 'GrpHdr', 'MsgId'));
  const createdAt = meaningful(text(message, 'GrpHdr', 'CreDtTm'));
  if (messageId === null) collect.add('malformed', message, 'GrpHdr/MsgId', 'is missing');
  if (createdAt === null) collect.add('malformed', message, 'GrpHdr/CreDtTm', 'is missing');
  const reportNodes = children(message, container.report);
  if (reportNodes.length === 0) {
    collect.add(
      'malformed',
      message,
      `${container.message}/${container.report}`,
      `is missing: a ${kind} message holds at least one ${container.label}`,
    );
  }
  const reports = reportNodes
    .map((report, r) => readReport(report, kind, `${container.report}[${r + 1}]`, collect))
    .filter((report): report is AccountReport => report !== null);

  if (collect.problems.length > 0 || messageId === null || createdAt === null) {
    return { ok: false, problems: collect.problems };
  }
  return { ok: true, value: { format: kind, version: `${kind}.${version}`, messageId, createdAt, reports } };
}
