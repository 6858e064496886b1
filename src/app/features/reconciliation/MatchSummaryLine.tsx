import type { ReconciliationMatch } from '../../../contract/reconciliation';
import { useI18n } from '../../lib/i18n';
import { useReconciliationText } from './messages';

/** A proposal in one line: what was paid, for which items, and how sure the engine is. */
export function MatchSummaryLine({ match }: { match: ReconciliationMatch }) {
  const t = useReconciliationText();
  const { money, locale } = useI18n();
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(
    match.confidence,
  );
  return (
    <li className="text-sm">
      <span className="font-semibold tabular-nums">
        {match.transactions.map((tx) => money(tx.amount)).join(', ')}
      </span>{' '}
      → {match.open_items.map((item) => `${item.external_id} ${item.counterparty_name}`).join(', ')} ·{' '}
      {t('confidence', { percent })}
    </li>
  );
}
