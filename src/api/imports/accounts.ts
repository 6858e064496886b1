import { and, eq, inArray, sql } from 'drizzle-orm';
import { formatBankgiro, type Bankgiro } from '../../banking/bankgiro';
import { electronicIban } from '../../banking/iban';
import type { AccountReport, StatementMessage, StatementProblem } from '../../banking/statements/model';
import type { Database } from '../db/client';
import { bankAccounts, companies } from '../db/schema';

export interface BookingAccount {
  id: string;
  tenantId: string;
  currency: string;
}

function named(report: AccountReport): { column: 'iban' | 'bankgiro'; value: string } | null {
  if (report.account.bankgiro !== null) return { column: 'bankgiro', value: report.account.bankgiro };
  const iban = report.account.iban ?? report.account.otherId;
  return iban === null ? null : { column: 'iban', value: electronicIban(iban) };
}

function describe(report: AccountReport): string {
  if (report.account.bankgiro !== null)
    return `bankgiro ${formatBankgiro(report.account.bankgiro as Bankgiro)}`;
  return `account ${report.account.iban ?? report.account.otherId ?? '(none)'}`;
}

/**
 * The tenant's account each report is about: by IBAN (an IBAN given as another id counts too), by
 * bankgiro number for BGMax. Runs in the tenant's transaction, so another tenant's account is as
 * unknown as one that does not exist. Also refuses a report whose money is not in the account's
 * currency: booking it would mix currencies in one balance.
 */
export async function resolveAccounts(
  tx: Database,
  tenantId: string,
  message: StatementMessage,
): Promise<{ accounts: BookingAccount[]; problems: StatementProblem[] }> {
  const wanted = message.reports.map(named);
  const ibans = wanted.filter((w) => w?.column === 'iban').map((w) => w!.value);
  const bankgiros = wanted.filter((w) => w?.column === 'bankgiro').map((w) => w!.value);
  const rows = [
    ...(ibans.length === 0
      ? []
      : await tx
          .select({
            id: bankAccounts.id,
            tenantId: bankAccounts.tenantId,
            currency: bankAccounts.currency,
            key: bankAccounts.iban,
          })
          .from(bankAccounts)
          .where(and(eq(bankAccounts.tenantId, tenantId), inArray(bankAccounts.iban, ibans)))),
    ...(bankgiros.length === 0
      ? []
      : await tx
          .select({
            id: bankAccounts.id,
            tenantId: bankAccounts.tenantId,
            currency: bankAccounts.currency,
            key: sql<string>`replace(${bankAccounts.bankgiro}, '-', '')`,
          })
          .from(bankAccounts)
          .where(
            and(
              eq(bankAccounts.tenantId, tenantId),
              inArray(sql`replace(${bankAccounts.bankgiro}, '-', '')`, bankgiros),
            ),
          )),
  ];
  const byKey = new Map(rows.map((row) => [row.key, row]));
  const accounts: BookingAccount[] = [];
  const problems: StatementProblem[] = [];
  message.reports.forEach((report, index) => {
    const where = `statement ${report.id}`;
    const key = wanted[index];
    const account = key ? byKey.get(key.value) : undefined;
    if (!account) {
      problems.push({
        kind: 'invalid_value',
        line: report.line,
        where,
        message: `${describe(report)} is not an account of this tenant`,
      });
      return;
    }
    const foreign = [
      ...(report.account.currency !== null && report.account.currency !== account.currency
        ? [{ currency: report.account.currency, line: report.line, what: 'the statement' }]
        : []),
      ...report.balances.map((b) => ({ currency: b.currency, line: b.line, what: `the ${b.type} balance` })),
      ...report.entries.map((e) => ({ currency: e.currency, line: e.line, what: 'an entry' })),
    ].find((item) => item.currency !== account.currency);
    if (foreign) {
      problems.push({
        kind: 'invalid_value',
        line: foreign.line,
        where,
        message: `${foreign.what} is in ${foreign.currency}, but ${describe(report)} (${account.id}) is in ${account.currency}`,
      });
      return;
    }
    accounts.push({ id: account.id, tenantId: account.tenantId, currency: account.currency });
  });
  return { accounts, problems };
}

/**
 * The IBANs and bankgiro numbers of every account in the koncern of `accountId`: money to or from
 * one of them is a transfer inside the group, which the reports count apart (it nets to zero).
 */
export async function koncernAccountNumbers(
  tx: Database,
  tenantId: string,
  accountId: string,
): Promise<Set<string>> {
  const [owner] = await tx
    .select({ koncernId: companies.koncernId })
    .from(bankAccounts)
    .innerJoin(companies, eq(companies.id, bankAccounts.companyId))
    .where(and(eq(bankAccounts.tenantId, tenantId), eq(bankAccounts.id, accountId)));
  if (!owner) return new Set();
  const rows = await tx
    .select({ iban: bankAccounts.iban, bankgiro: bankAccounts.bankgiro })
    .from(bankAccounts)
    .innerJoin(companies, eq(companies.id, bankAccounts.companyId))
    .where(and(eq(bankAccounts.tenantId, tenantId), eq(companies.koncernId, owner.koncernId)));
  return new Set(
    rows
      .flatMap((row) => [row.iban, row.bankgiro?.replaceAll('-', '') ?? null])
      .filter((number): number is string => number !== null),
  );
}
