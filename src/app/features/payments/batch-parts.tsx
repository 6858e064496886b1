import type { PaymentBatchStatus } from '../../../contract/payments';
import type { Account } from '../../../contract/ledger';
import { useAccounts } from '../accounts/get-accounts';
import { useCompanies } from '../accounts/get-companies';
import { useKoncern } from '../koncerner/use-koncern';
import { statusKey, usePaymentsText } from './messages';

const STATUS_STYLE: Record<PaymentBatchStatus, string> = {
  draft: 'bg-slate-100 text-slate-800 dark:bg-slate-800 dark:text-slate-100',
  submitted: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100',
  pending_approval: 'bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-100',
  approved: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100',
  sent_to_bank: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100',
  accepted: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-100',
  executed: 'bg-green-100 text-green-900 dark:bg-green-950 dark:text-green-100',
  rejected: 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100',
  cancelled: 'bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100',
};

export function StatusBadge({ status }: { status: PaymentBatchStatus }) {
  const t = usePaymentsText();
  return (
    <span className={`rounded px-2 py-0.5 text-sm font-medium ${STATUS_STYLE[status]}`} data-status={status}>
      {t(statusKey(status))}
    </span>
  );
}

/** A person by name where the API knows it; the bank and API clients by what they are. */
export function useActorLabel() {
  const t = usePaymentsText();
  return (actor: { type: string; id: string; name: string | null }) =>
    actor.type === 'bank' ? t('bankActor') : (actor.name ?? actor.id);
}

/** The koncern's accounts (the debtor accounts a batch may use), by id. */
export function useKoncernAccounts(): { accounts: readonly Account[]; byId: ReadonlyMap<string, Account> } {
  const { koncern } = useKoncern();
  const query = useAccounts(koncern ? { koncernId: koncern.id } : null);
  const accounts = query.data?.results ?? [];
  return { accounts, byId: new Map(accounts.map((account) => [account.id, account])) };
}

export interface CompanyAccounts {
  companyId: string;
  company: string;
  accounts: Account[];
}

/** The koncern's company names by id, in the order the API lists the companies. */
function useCompanyNames(): ReadonlyMap<string, string> {
  const { koncern } = useKoncern();
  const companies = useCompanies(koncern?.id).data?.results ?? [];
  return new Map(companies.map((company) => [company.id, company.name]));
}

/**
 * The koncern's accounts grouped under their company's name, companies in the order the API lists
 * them: a koncern has one "Koncernkonto" per company, and paying from the wrong company's is the
 * mistake the grouping prevents.
 */
export function useAccountsByCompany(): CompanyAccounts[] {
  const { accounts } = useKoncernAccounts();
  const nameOf = useCompanyNames();
  const groups = new Map<string, Account[]>([...nameOf.keys()].map((companyId) => [companyId, []]));
  for (const account of accounts) {
    const group = groups.get(account.company_id);
    if (group) group.push(account);
    else groups.set(account.company_id, [account]);
  }
  return [...groups]
    .filter(([, grouped]) => grouped.length > 0)
    .map(([companyId, grouped]) => ({
      companyId,
      company: nameOf.get(companyId) ?? companyId,
      accounts: grouped,
    }));
}

/** The `<option>`s of an account picker, one `<optgroup>` per company. */
export function AccountOptions({ groups }: { groups: readonly CompanyAccounts[] }) {
  return groups.map(({ companyId, company, accounts }) => (
    <optgroup key={companyId} label={company}>
      {accounts.map((account) => (
        <option key={account.id} value={account.id}>
          {accountLabel(account, account.id)}
        </option>
      ))}
    </optgroup>
  ));
}

/**
 * An account in words where the page does not say whose it is: its company first, since every
 * company of a koncern may hold a "Koncernkonto (Nordea, SEK)".
 */
export function useAccountLabel(): (accountId: string) => string {
  const { byId } = useKoncernAccounts();
  const nameOf = useCompanyNames();
  return (accountId) => {
    const account = byId.get(accountId);
    const company = account ? nameOf.get(account.company_id) : undefined;
    const label = accountLabel(account, accountId);
    return company ? `${company} · ${label}` : label;
  };
}

export function accountLabel(account: Account | undefined, fallback: string): string {
  return account ? `${account.name} (${account.bank_name}, ${account.currency})` : fallback;
}
