import { Link, useSearchParams } from 'react-router';
import { accountKinds, type Account } from '../../../contract/ledger';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { useI18n } from '../../lib/i18n';
import { useViewParams, viewSearch } from '../../shell/view-params';
import { KoncernGate } from '../koncerner/KoncernGate';
import { useAccounts, type AccountFilters } from './get-accounts';
import { useCompanies } from './get-companies';
import { FILTER_CURRENCIES } from '../../lib/filter-currencies';

export function AccountsPage() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <h2 id="page-title" className="text-xl font-semibold">
        {t('accounts')}
      </h2>
      <KoncernGate>{(koncernId) => <Accounts koncernId={koncernId} />}</KoncernGate>
    </section>
  );
}

function Accounts({ koncernId }: { koncernId: string }) {
  const { t } = useI18n();
  const { params, set } = useViewParams();
  const companies = useCompanies(koncernId);
  const kind = accountKinds.find((candidate) => candidate === params.get('kind'));
  const filters: AccountFilters = {
    koncernId,
    ...(params.get('company') ? { companyId: params.get('company') ?? '' } : {}),
    ...(params.get('currency') ? { currency: params.get('currency') ?? '' } : {}),
    ...(kind ? { kind } : {}),
    ...(params.get('bank') ? { bank: params.get('bank') ?? '' } : {}),
    ...(params.get('pool') ? { cashPoolTopId: params.get('pool') ?? '' } : {}),
  };
  const query = useAccounts(filters);
  const companyName = new Map((companies.data?.results ?? []).map((company) => [company.id, company.name]));
  return (
    <>
      <form
        aria-label={t('filters')}
        className="card flex flex-wrap items-end gap-3 text-sm"
        onSubmit={(event) => event.preventDefault()}
      >
        <label className="flex flex-col gap-0.5">
          <span>{t('company')}</span>
          <select
            className="field"
            value={filters.companyId ?? ''}
            onChange={(event) => set({ company: event.target.value })}
          >
            <option value="">{t('all')}</option>
            {(companies.data?.results ?? []).map((company) => (
              <option key={company.id} value={company.id}>
                {company.name}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('currency')}</span>
          <select
            className="field"
            value={filters.currency ?? ''}
            onChange={(event) => set({ currency: event.target.value })}
          >
            <option value="">{t('all')}</option>
            {FILTER_CURRENCIES.map((currency) => (
              <option key={currency} value={currency}>
                {currency}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('kind')}</span>
          <select
            className="field"
            value={filters.kind ?? ''}
            onChange={(event) => set({ kind: event.target.value })}
          >
            <option value="">{t('all')}</option>
            {accountKinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`kind.${kind}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('bank')}</span>
          <input
            className="field"
            value={filters.bank ?? ''}
            onChange={(event) => set({ bank: event.target.value })}
          />
        </label>
        <button
          type="button"
          className="btn-secondary"
          onClick={() => set({ company: null, currency: null, kind: null, bank: null, pool: null })}
        >
          {t('clearFilters')}
        </button>
      </form>
      <div className="card overflow-x-auto">
        {query.isPending ? (
          <Skeleton rows={8} />
        ) : query.error ? (
          <QueryError what={t('accounts')} error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.results.length === 0 ? (
          <Empty />
        ) : (
          <AccountTable accounts={query.data.results} companyName={companyName} />
        )}
      </div>
    </>
  );
}

function AccountTable({
  accounts,
  companyName,
}: {
  accounts: readonly Account[];
  companyName: ReadonlyMap<string, string>;
}) {
  const { t, money, date } = useI18n();
  const [params] = useSearchParams();
  const search = viewSearch(params);
  return (
    <table className="data-table" data-testid="accounts-table">
      <thead>
        <tr>
          <th scope="col">{t('account')}</th>
          <th scope="col">{t('company')}</th>
          <th scope="col">{t('bank')}</th>
          <th scope="col">{t('kind')}</th>
          <th scope="col" className="num">
            {t('booked')}
          </th>
          <th scope="col" className="num">
            {t('available')}
          </th>
          <th scope="col" className="num">
            {t('balanceDate')}
          </th>
        </tr>
      </thead>
      <tbody>
        {accounts.map((account) => (
          <tr key={account.id}>
            <th scope="row" className="font-normal">
              <Link className="link" to={{ pathname: `/accounts/${account.id}`, search }}>
                {account.name}
              </Link>
            </th>
            <td>{companyName.get(account.company_id) ?? account.company_id}</td>
            <td>{account.bank_name}</td>
            <td>{t(`kind.${account.kind}`)}</td>
            <td className="num">{account.balance ? money(account.balance.booked) : t('noBalance')}</td>
            <td className="num">{account.balance ? money(account.balance.available) : ''}</td>
            <td className="num">{account.balance ? date(account.balance.date) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
