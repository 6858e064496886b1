import type { ReconciliationMatch } from '../../../contract/reconciliation';
import type { ReconciliationText } from './messages';

type Reason = ReconciliationMatch['reasons'][number];

/** The payer's name as the bank reported it: the engine quotes it in its name evidence. */
export function payerOf(match: ReconciliationMatch): string | null {
  const reason = match.reasons.find((r) => r.code === 'counterparty_name');
  return (reason && /^payer "(.*)" and counterparty "/.exec(reason.detail)?.[1]) ?? null;
}

/**
 * A reason in the person's language. The engine's own detail is English prose; the figures it
 * quotes (a percentage, a number of days) are taken from it, amounts from the match itself.
 */
export function reasonInWords(
  reason: Reason,
  match: ReconciliationMatch,
  t: ReconciliationText,
  money: (amount: { amount: string; currency: string }) => string,
): string {
  switch (reason.code) {
    case 'amount_within_tolerance': {
      const { amount, currency } = match.difference;
      return t('reason.amount_within_tolerance', {
        difference: money({ amount: amount.replace(/^-/, ''), currency }),
      });
    }
    case 'counterparty_name': {
      const percent = /(\d+) % alike/.exec(reason.detail)?.[1];
      return percent === undefined
        ? t('reason.counterparty_name_plain')
        : t('reason.counterparty_name', { percent });
    }
    case 'date_distance': {
      // "1 days" is how matches proposed before the engine said "1 day" still read.
      const found = /(\d+) days? (after|before)/.exec(reason.detail);
      if (!found) return t('reason.date_distance');
      const [, days = '', side] = found;
      if (days === '1') return t(side === 'after' ? 'reason.date_after_one' : 'reason.date_before_one');
      return t(side === 'after' ? 'reason.date_after' : 'reason.date_before', { days });
    }
    default:
      return t(`reason.${reason.code}`);
  }
}
