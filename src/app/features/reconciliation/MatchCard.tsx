import type { ReconciliationMatch } from '../../../contract/reconciliation';
import { useI18n } from '../../lib/i18n';
import { useReconciliationText } from './messages';
import { payerOf, reasonInWords } from './reasons';

function confidenceTone(confidence: number): string {
  if (confidence >= 0.9) return 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100';
  if (confidence >= 0.7) return 'bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100';
  return 'bg-slate-200 text-slate-900 dark:bg-slate-700 dark:text-slate-100';
}

/** What a person who may decide can do with a proposal: select it for a bulk confirm, confirm, reject. */
export interface MatchDecision {
  selected: boolean;
  onToggle: () => void;
  onConfirm: () => void;
  onReject: () => void;
}

/**
 * One proposal: the bank transaction beside the open items it would settle, and why the engine thinks so;
 * with its decisions for those who may decide (`decision` null: read-only).
 */
export function MatchCard({
  match,
  account,
  current,
  onFocus,
  decision,
}: {
  match: ReconciliationMatch;
  account: string;
  current: boolean;
  onFocus: () => void;
  decision: MatchDecision | null;
}) {
  const t = useReconciliationText();
  const { money, date, locale } = useI18n();
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    match.confidence,
  );
  const payer = payerOf(match);
  const headingId = `match-${match.id}-heading`;
  const confidence = (
    <span
      id={headingId}
      className={`rounded px-2 py-0.5 text-sm font-semibold ${confidenceTone(match.confidence)}`}
    >
      {t('confidence', { percent })}
    </span>
  );
  return (
    <li
      id={`match-${match.id}`}
      tabIndex={-1}
      aria-labelledby={headingId}
      aria-current={current ? 'true' : undefined}
      data-match-id={match.id}
      onFocus={onFocus}
      onClick={onFocus}
      className={`rounded-lg border p-3 ${
        current
          ? 'border-sky-700 bg-sky-50 dark:border-sky-300 dark:bg-sky-950'
          : 'border-slate-300 bg-white dark:border-slate-600 dark:bg-slate-900'
      }`}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        {decision ? (
          <label className="flex items-center gap-2">
            <input type="checkbox" checked={decision.selected} onChange={decision.onToggle} />
            <span className="sr-only">
              {t('select', { id: match.open_items.map((i) => i.external_id).join(', ') })}
            </span>
            {confidence}
          </label>
        ) : (
          confidence
        )}
        {decision && (
          <div className="flex gap-2">
            <button type="button" className="btn" onClick={decision.onConfirm}>
              {t('confirm')}
            </button>
            <button type="button" className="btn-secondary" onClick={decision.onReject}>
              {t('reject')}
            </button>
          </div>
        )}
      </div>
      <div className="mt-2 grid grid-cols-1 gap-3 md:grid-cols-2">
        <div>
          <h4 className="text-sm font-semibold text-slate-700 dark:text-slate-300">
            {t(match.transactions.length > 1 ? 'transactions' : 'transaction')}
          </h4>
          {match.transactions.map((transaction) => (
            <p key={transaction.id}>
              <span className="font-semibold tabular-nums">{money(transaction.amount)}</span> ·{' '}
              {date(transaction.booking_date)}
            </p>
          ))}
          <p className="text-sm">{account}</p>
          {payer && (
            <p className="text-sm">
              {t('payer')}: {payer}
            </p>
          )}
        </div>
        <div>
          <h4 className="text-sm font-semibold text-slate-700 dark:text-slate-300">{t('openItems')}</h4>
          {match.open_items.map((item) => (
            <p key={item.id}>
              <span className="font-semibold">{item.external_id}</span> · {item.counterparty_name} ·{' '}
              <span className="tabular-nums">{t('applied', { amount: money(item.applied) })}</span>
            </p>
          ))}
        </div>
      </div>
      <ul className="mt-2 flex flex-wrap gap-2 text-sm" aria-label={t('reasons')}>
        {match.reasons.map((reason) => (
          <li
            key={`${reason.code}:${reason.detail}`}
            className="rounded bg-slate-100 px-2 py-0.5 dark:bg-slate-800"
          >
            {reasonInWords(reason, match, t, money)}
          </li>
        ))}
      </ul>
    </li>
  );
}
