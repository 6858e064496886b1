import { useState, type FormEvent } from 'react';
import { reconciliationStates, transactionDirections } from '../../../contract/ledger';
import { useI18n } from '../../lib/i18n';
import { useViewParams } from '../../shell/view-params';
import { KoncernGate } from '../koncerner/KoncernGate';
import type { TransactionFilters } from './get-transactions';
import { TransactionList } from './TransactionList';
import { FILTER_CURRENCIES } from '../../lib/filter-currencies';

/** The API's filters this page offers; they live in the URL so a filtered view is a link too. */
const FILTER_KEYS = [
  'q',
  'direction',
  'currency',
  'booking_date_from',
  'booking_date_to',
  'amount_min',
  'amount_max',
  'reconciliation_state',
  'account_id',
  'company_id',
] as const satisfies readonly (keyof TransactionFilters)[];

const TEXT_FILTER_KEYS = [
  'q',
  'currency',
  'booking_date_from',
  'booking_date_to',
  'amount_min',
  'amount_max',
  'account_id',
  'company_id',
] as const satisfies readonly (keyof TransactionFilters)[];

/** The filters in the URL, with the closed choices kept only when they are among the API's values. */
function filtersFrom(params: URLSearchParams, koncernId: string): TransactionFilters {
  const filters: TransactionFilters = { koncern_id: koncernId };
  for (const key of TEXT_FILTER_KEYS) {
    const value = params.get(key);
    if (value) filters[key] = value;
  }
  const direction = transactionDirections.find((value) => value === params.get('direction'));
  if (direction) filters.direction = direction;
  const state = reconciliationStates.find((value) => value === params.get('reconciliation_state'));
  if (state) filters.reconciliation_state = state;
  return filters;
}

export function TransactionsPage() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <h2 id="page-title" className="text-xl font-semibold">
        {t('transactions')}
      </h2>
      <KoncernGate>{(koncernId) => <Transactions koncernId={koncernId} />}</KoncernGate>
    </section>
  );
}

function Transactions({ koncernId }: { koncernId: string }) {
  const { t } = useI18n();
  const { params, set } = useViewParams();
  const applied = filtersFrom(params, koncernId);
  // Drafts until the form is submitted, so a search does not fire on every key.
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])),
  );
  const field = (key: (typeof FILTER_KEYS)[number]) => ({
    value: draft[key] ?? '',
    onChange: (event: { target: { value: string } }) => setDraft({ ...draft, [key]: event.target.value }),
    name: key,
    className: 'field',
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    set(Object.fromEntries(FILTER_KEYS.map((key) => [key, (draft[key] ?? '').trim() || null])));
  };
  const clear = () => {
    setDraft(Object.fromEntries(FILTER_KEYS.map((key) => [key, ''])));
    set(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])));
  };
  return (
    <>
      <form
        aria-label={t('filters')}
        className="card flex flex-wrap items-end gap-3 text-sm"
        onSubmit={submit}
      >
        <label className="flex flex-col gap-0.5">
          <span>{t('search')}</span>
          <input type="search" {...field('q')} />
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('direction')}</span>
          <select {...field('direction')}>
            <option value="">{t('all')}</option>
            {transactionDirections.map((direction) => (
              <option key={direction} value={direction}>
                {t(`direction.${direction}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('currency')}</span>
          <select {...field('currency')}>
            <option value="">{t('all')}</option>
            {FILTER_CURRENCIES.map((currency) => (
              <option key={currency} value={currency}>
                {currency}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('dateFrom')}</span>
          <input type="date" {...field('booking_date_from')} />
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('dateTo')}</span>
          <input type="date" {...field('booking_date_to')} />
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('amountMin')}</span>
          <input inputMode="decimal" size={10} {...field('amount_min')} />
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('amountMax')}</span>
          <input inputMode="decimal" size={10} {...field('amount_max')} />
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('reconciliation')}</span>
          <select {...field('reconciliation_state')}>
            <option value="">{t('all')}</option>
            {reconciliationStates.map((state) => (
              <option key={state} value={state}>
                {t(`recon.${state}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn">
          {t('apply')}
        </button>
        <button type="button" className="btn-secondary" onClick={clear}>
          {t('clearFilters')}
        </button>
      </form>
      <div className="card">
        <TransactionList filters={applied} filename="transactions.csv" showAccount />
      </div>
    </>
  );
}
