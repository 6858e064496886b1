import { Link, useSearchParams } from 'react-router';
import { addDays, parseIsoDate } from '../../../banking/dates';
import { formatMoney } from '../../../banking/money';
import type { PositionGroup, Positions } from '../../../contract/reporting';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { formatRate, minorUnits } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { useViewParams, viewSearch } from '../../shell/view-params';
import { KoncernGate } from '../koncerner/KoncernGate';
import { KoncernOverview } from '../koncerner/KoncernList';
import { useAccounts } from '../accounts/get-accounts';
import { useCompanies } from '../accounts/get-companies';
import { CompanyTree } from './CompanyTree';
import { BalanceFigure } from '../../charts/BalanceFigure';
import { useCashflow } from '../reporting/get-cashflow';
import { usePositions, type PositionsGroupBy } from '../reporting/get-positions';

const GROUPINGS = ['company', 'bank', 'currency'] as const;
type Grouping = (typeof GROUPINGS)[number];

function groupingOf(value: string | null): Grouping {
  return value === 'bank' || value === 'currency' ? value : 'company';
}

export function OverviewPage() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="page-title" className="space-y-6">
      <h2 id="page-title" className="text-xl font-semibold">
        {t('nav.overview')}
      </h2>
      <KoncernGate>{(koncernId) => <Overview koncernId={koncernId} />}</KoncernGate>
      <KoncernOverview />
    </section>
  );
}

function Overview({ koncernId }: { koncernId: string }) {
  const { t, money, date: formatDate } = useI18n();
  const { date } = useViewParams();
  const query = usePositions({ koncernId, date, groupBy: 'company' });
  if (query.isPending) return <Skeleton rows={6} />;
  if (query.error) {
    return <QueryError what={t('totalLiquidity')} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const data = query.data;
  return (
    <>
      <div className="card grid grid-cols-1 gap-4 md:grid-cols-[auto_minmax(0,1fr)] md:items-end">
        <div>
          <h3 className="text-sm font-medium text-slate-600 dark:text-slate-300">{t('totalLiquidityIn')}</h3>
          <p className="mt-1 text-2xl font-semibold tabular-nums sm:text-4xl" data-testid="total-liquidity">
            {money(data.total)}
          </p>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-300" data-testid="as-of">
            {t('asOf', { date: formatDate(data.date) })}
          </p>
          <ChangeSinceYesterday koncernId={koncernId} today={data} />
        </div>
        <ThirtyDays koncernId={koncernId} date={data.date} />
      </div>
      <GroupedPositions koncernId={koncernId} />
      <div className="grid gap-6 lg:grid-cols-2">
        <ByCurrency data={data} />
        <FxRates data={data} />
      </div>
      <CashPools data={data} koncernId={koncernId} />
    </>
  );
}

/** The total's closing balance on each of the last 30 days, as a sparkline. */
function ThirtyDays({ koncernId, date }: { koncernId: string; date: string }) {
  const { t } = useI18n();
  const parsed = parseIsoDate(date);
  const query = useCashflow(
    parsed.ok ? { koncernId, from: addDays(parsed.value, -29), to: parsed.value, interval: 'day' } : null,
  );
  return (
    <div className="min-w-0 md:max-w-md md:justify-self-end md:w-full">
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('last30Days')}</p>
      {query.isPending ? (
        <Skeleton rows={2} />
      ) : query.error ? (
        <QueryError what={t('last30Days')} error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <BalanceFigure
          periods={query.data.periods}
          summaryKey="sparklineSummary"
          compact
          height={64}
          testId="liquidity-sparkline"
        />
      )}
    </div>
  );
}

function GroupedPositions({ koncernId }: { koncernId: string }) {
  const { t } = useI18n();
  const { date, params, set } = useViewParams();
  const grouping = groupingOf(params.get('group'));
  const query = usePositions({ koncernId, date, groupBy: grouping satisfies PositionsGroupBy });
  const companies = useCompanies(koncernId);
  return (
    <section aria-labelledby="positions-title" className="card">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 id="positions-title" className="text-lg font-semibold">
          {t('positionsBy')} {t(`groupBy.${grouping}`).toLowerCase()}
        </h3>
        <div role="group" aria-label={t('positionsBy')} className="flex gap-1">
          {GROUPINGS.map((option) => (
            <button
              key={option}
              type="button"
              aria-pressed={option === grouping}
              className={option === grouping ? 'btn' : 'btn-secondary'}
              onClick={() => set({ group: option === 'company' ? null : option })}
            >
              {t(`groupBy.${option}`)}
            </button>
          ))}
        </div>
      </div>
      <div className="mt-3 overflow-x-auto">
        {query.isPending ? (
          <Skeleton rows={5} />
        ) : query.error ? (
          <QueryError what={t('positionsBy')} error={query.error} onRetry={() => void query.refetch()} />
        ) : query.data.groups.length === 0 ? (
          <Empty />
        ) : grouping === 'company' && companies.data ? (
          <CompanyTree
            companies={companies.data.results}
            groups={query.data.groups}
            accountsSearch={(companyId) => {
              const search = new URLSearchParams(viewSearch(params).slice(1));
              search.set('company', companyId);
              return `?${search.toString()}`;
            }}
          />
        ) : (
          <GroupTable groups={query.data.groups} grouping={grouping} />
        )}
      </div>
    </section>
  );
}

function GroupTable({ groups, grouping }: { groups: readonly PositionGroup[]; grouping: Grouping }) {
  const { t, money } = useI18n();
  const [params] = useSearchParams();
  const view = new URLSearchParams(viewSearch(params).slice(1));
  const filterKey = grouping === 'company' ? 'company' : grouping;
  return (
    <table className="data-table" data-testid={`positions-${grouping}`}>
      <thead>
        <tr>
          <th scope="col">{t(`groupBy.${grouping}`)}</th>
          <th scope="col" className="num">
            {t('accountsCount')}
          </th>
          <th scope="col" className="num">
            {t('originalCurrency')}
          </th>
          <th scope="col" className="num">
            {t('inSek')}
          </th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => {
          const search = new URLSearchParams(view);
          search.set(filterKey, group.key);
          return (
            <tr key={group.key}>
              <th scope="row" className="font-normal">
                <Link className="link" to={{ pathname: '/accounts', search: `?${search.toString()}` }}>
                  {group.name}
                </Link>
              </th>
              <td className="num">{group.account_count}</td>
              <td className="num">
                {group.amounts.map((amount) => (
                  <div key={amount.amount.currency}>{money(amount.amount)}</div>
                ))}
              </td>
              <td className="num font-medium">{money(group.total_sek)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function ByCurrency({ data }: { data: Positions }) {
  const { t, money } = useI18n();
  // On a phone the section scrolls sideways as a whole; focusable, as its table holds no link to tab to.
  return (
    <section aria-labelledby="by-currency-title" className="card min-w-0 overflow-x-auto" tabIndex={0}>
      <h3 id="by-currency-title" className="text-lg font-semibold">
        {t('byCurrency')}
      </h3>
      {data.by_currency.length === 0 ? (
        <Empty />
      ) : (
        <table className="data-table mt-2">
          <thead>
            <tr>
              <th scope="col">{t('currency')}</th>
              <th scope="col" className="num">
                {t('amount')}
              </th>
              <th scope="col" className="num">
                {t('inSek')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.by_currency.map((row) => (
              <tr key={row.amount.currency}>
                <th scope="row" className="font-normal">
                  {row.amount.currency}
                </th>
                <td className="num">{money(row.amount)}</td>
                <td className="num">{money(row.sek)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function FxRates({ data }: { data: Positions }) {
  const { t, locale, date } = useI18n();
  return (
    <section aria-labelledby="fx-title" className="card min-w-0 overflow-x-auto" tabIndex={0}>
      <h3 id="fx-title" className="text-lg font-semibold">
        {t('fxRates')}
      </h3>
      {data.fx_rates.length === 0 ? (
        <Empty>{t('noFxRates')}</Empty>
      ) : (
        <table className="data-table mt-2" data-testid="fx-rates">
          <thead>
            <tr>
              <th scope="col">{t('currency')}</th>
              <th scope="col" className="num">
                {t('rate')}
              </th>
              <th scope="col" className="num">
                {t('rateDate')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.fx_rates.map((rate) => (
              <tr key={rate.currency}>
                <th scope="row" className="font-normal">
                  {rate.currency}
                </th>
                <td className="num">{formatRate(rate.sek_per_unit, locale)}</td>
                <td className="num">{date(rate.rate_date)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The total's change against the end of the day before (a second positions call). */
function ChangeSinceYesterday({ koncernId, today }: { koncernId: string; today: Positions }) {
  const { t, locale, date } = useI18n();
  const parsed = parseIsoDate(today.date);
  const yesterday = parsed.ok ? addDays(parsed.value, -1) : null;
  const query = usePositions(yesterday ? { koncernId, date: yesterday, groupBy: 'company' } : null);
  if (!yesterday || query.isPending) return null;
  if (query.error) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        {t('changeUnavailable')}{' '}
        <button type="button" className="link" onClick={() => void query.refetch()}>
          {t('retry')}
        </button>
      </p>
    );
  }
  const now = minorUnits(today.total);
  const before = minorUnits(query.data.total);
  if (now === null || before === null) return null;
  const change = now - before;
  const text = formatMoney(change, 'SEK', locale, { currencyDisplay: 'code' });
  return (
    <p
      className={`mt-1 text-sm font-medium ${change < 0n ? 'text-red-700 dark:text-red-300' : 'text-emerald-700 dark:text-emerald-300'}`}
      data-testid="change-since-yesterday"
    >
      {change > 0n ? '+' : ''}
      {text} {t('sinceDate', { date: date(yesterday) })}
    </p>
  );
}

function CashPools({ data, koncernId }: { data: Positions; koncernId: string }) {
  const { t, money } = useI18n();
  const [params] = useSearchParams();
  const search = viewSearch(params);
  const accounts = useAccounts({ koncernId });
  const accountName = new Map((accounts.data?.results ?? []).map((account) => [account.id, account.name]));
  const poolSearch = (top: string) => {
    const next = new URLSearchParams(search.slice(1));
    next.set('pool', top);
    return `?${next.toString()}`;
  };
  if (data.cash_pools.length === 0) return null;
  return (
    <section aria-labelledby="pools-title" className="card">
      <h3 id="pools-title" className="text-lg font-semibold">
        {t('cashPools')}
      </h3>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t('cashPoolNote')}</p>
      <div className="mt-2 overflow-x-auto">
        <table className="data-table" data-testid="cash-pools">
          <thead>
            <tr>
              <th scope="col">{t('topAccount')}</th>
              <th scope="col" className="num">
                {t('topAccount')}
              </th>
              <th scope="col" className="num">
                {t('subAccounts')} ({t('subAccountCount').toLowerCase()})
              </th>
              <th scope="col" className="num">
                {t('total')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.cash_pools.map((pool) => (
              <tr key={pool.top_account_id}>
                <th scope="row" className="font-normal">
                  <Link className="link" to={{ pathname: `/accounts/${pool.top_account_id}`, search }}>
                    {accountName.get(pool.top_account_id) ?? pool.top_account_id}
                  </Link>
                </th>
                <td className="num">{money(pool.top_account)}</td>
                <td className="num">
                  <Link
                    className="link"
                    to={{ pathname: '/accounts', search: poolSearch(pool.top_account_id) }}
                  >
                    {money(pool.sub_accounts)} ({pool.sub_account_count})
                  </Link>
                </td>
                <td className="num font-medium">{money(pool.total)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
