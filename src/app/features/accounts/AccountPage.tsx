import { Link, useParams, useSearchParams } from 'react-router';
import type { Account } from '../../../contract/ledger';
import { QueryError, Skeleton } from '../../components/QueryStates';
import { useAuth } from '../../auth/auth';
import { useI18n } from '../../lib/i18n';
import { viewSearch } from '../../shell/view-params';
import { TransactionList } from '../transactions/TransactionList';
import { useAccount } from './get-accounts';
import { addDays, parseIsoDate } from '../../../banking/dates';
import { BalanceFigure } from '../../charts/BalanceFigure';
import { useViewParams } from '../../shell/view-params';
import { useKoncern } from '../koncerner/use-koncern';
import { useCashflow } from '../reporting/get-cashflow';

const HISTORY_DAYS = 90;

export function AccountPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const signedIn = useAuth().status === 'signed-in';
  const [params] = useSearchParams();
  const query = useAccount(id, signedIn);
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <p>
        <Link className="link" to={{ pathname: '/accounts', search: viewSearch(params) }}>
          ← {t('backToAccounts')}
        </Link>
      </p>
      {!signedIn ? (
        <>
          <h2 id="page-title" className="text-xl font-semibold">
            {t('account')}
          </h2>
          <p className="card">{t('signInFirst')}</p>
        </>
      ) : query.isPending ? (
        <>
          <h2 id="page-title" className="text-xl font-semibold">
            {t('account')}
          </h2>
          <Skeleton rows={6} />
        </>
      ) : query.error ? (
        <>
          <h2 id="page-title" className="text-xl font-semibold">
            {t('account')}
          </h2>
          <QueryError what={t('account')} error={query.error} onRetry={() => void query.refetch()} />
        </>
      ) : (
        <AccountDetails account={query.data} />
      )}
    </section>
  );
}

function AccountDetails({ account }: { account: Account }) {
  const { t, money, date } = useI18n();
  const [params] = useSearchParams();
  const rows: [string, string | null][] = [
    [t('bank'), account.bank_name],
    [t('bic'), account.bic],
    [t('iban'), account.iban],
    [t('clearingNumber'), account.clearing_number],
    [t('accountNumber'), account.account_number],
    [t('bankgiro'), account.bankgiro],
    [t('currency'), account.currency],
    [t('kind'), t(`kind.${account.kind}`)],
    [t('openedOn'), date(account.opened_on)],
  ];
  return (
    <>
      <h2 id="page-title" className="text-xl font-semibold">
        {account.name}
      </h2>
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <div className="card">
          <h3 className="text-sm font-medium text-slate-600 dark:text-slate-300">{t('booked')}</h3>
          <p className="mt-1 text-2xl font-semibold tabular-nums" data-testid="account-booked">
            {account.balance ? money(account.balance.booked) : t('noBalance')}
          </p>
          {account.balance && (
            <p className="text-sm text-slate-600 dark:text-slate-300">
              {t('asOf', { date: date(account.balance.date) })}
            </p>
          )}
        </div>
        <div className="card">
          <h3 className="text-sm font-medium text-slate-600 dark:text-slate-300">{t('available')}</h3>
          <p className="mt-1 text-2xl font-semibold tabular-nums">
            {account.balance ? money(account.balance.available) : t('noBalance')}
          </p>
        </div>
        <div className="card">
          <h3 className="text-sm font-medium text-slate-600 dark:text-slate-300">{t('details')}</h3>
          <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-sm">
            {rows
              .filter((row): row is [string, string] => row[1] !== null)
              .map(([label, value]) => (
                <div key={label} className="contents">
                  <dt className="text-slate-600 dark:text-slate-300">{label}</dt>
                  <dd className="break-all">{value}</dd>
                </div>
              ))}
            {account.cash_pool_top_id && (
              <div className="contents">
                <dt className="text-slate-600 dark:text-slate-300">{t('cashPoolTop')}</dt>
                <dd>
                  <Link
                    className="link"
                    to={{ pathname: `/accounts/${account.cash_pool_top_id}`, search: viewSearch(params) }}
                  >
                    {account.cash_pool_top_id}
                  </Link>
                </dd>
              </div>
            )}
          </dl>
        </div>
      </div>
      <BalanceHistory accountId={account.id} />
      <section aria-labelledby="account-transactions" className="card">
        <h3 id="account-transactions" className="text-lg font-semibold">
          {t('transactions')}
        </h3>
        <TransactionList filters={{ account_id: account.id }} filename={`transactions-${account.id}.csv`} />
      </section>
    </>
  );
}

/** The account's closing balance (in SEK) on each of the last 90 days up to the view's date. */
function BalanceHistory({ accountId }: { accountId: string }) {
  const { t } = useI18n();
  const { date } = useViewParams();
  const { koncern } = useKoncern();
  const to = parseIsoDate(date);
  const query = useCashflow(
    koncern && to.ok
      ? {
          koncernId: koncern.id,
          accountId,
          from: addDays(to.value, -(HISTORY_DAYS - 1)),
          to: to.value,
          interval: 'day',
        }
      : null,
  );
  return (
    <section aria-labelledby="balance-history" className="card space-y-2">
      <h3 id="balance-history" className="text-lg font-semibold">
        {t('balanceHistory')}
      </h3>
      {query.isPending ? (
        <Skeleton rows={6} />
      ) : query.error ? (
        <QueryError what={t('balanceHistory')} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <BalanceFigure
          periods={query.data.periods}
          summaryKey="balanceHistorySummary"
          height={260}
          testId="balance-history"
        />
      )}
    </section>
  );
}
