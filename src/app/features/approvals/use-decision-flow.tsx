import { useCallback, useState } from 'react';
import type { PendingApproval } from '../../../contract/payments';
import { useI18n } from '../../lib/i18n';
import { useAccountLabel } from '../payments/batch-parts';
import { usePaymentsText } from '../payments/messages';
import { useDecision } from './decide';
import { DecisionDialog } from './DecisionDialog';

/**
 * Asking for a decision, confirming it in a dialog that names the amount, and sending it. Only
 * approvals the person may decide (`can_decide`) open the dialog: a CFO's inbox stays read-only.
 */
export function useDecisionFlow() {
  const t = usePaymentsText();
  const { money } = useI18n();
  const accountName = useAccountLabel();
  const [asked, setAsked] = useState<{ pending: PendingApproval; decision: 'approve' | 'reject' } | null>(
    null,
  );
  const decision = useDecision();
  const busy = decision.isPending;
  const ask = useCallback(
    (pending: PendingApproval, kind: 'approve' | 'reject') => {
      if (pending.can_decide && !busy) setAsked({ pending, decision: kind });
    },
    [busy],
  );
  const dialog = asked && (
    <DecisionDialog
      request={{
        decision: asked.decision,
        amount: asked.pending.batch.totals.map((total) => money(total)).join(', '),
        account: accountName(asked.pending.batch.debtor_account_id),
      }}
      onClose={() => setAsked(null)}
      onConfirm={(reason) => {
        const { pending } = asked;
        setAsked(null);
        decision.send(
          asked.decision === 'approve'
            ? { approvalId: pending.id, batchId: pending.batch_id, decision: 'approve' }
            : { approvalId: pending.id, batchId: pending.batch_id, decision: 'reject', reason },
        );
      }}
    />
  );
  const failure = decision.error && (
    <p role="alert" className="text-red-700 dark:text-red-300">
      {t('decisionFailed', { message: decision.error.message })}
    </p>
  );
  return { ask, dialog, failure, dialogOpen: asked !== null, decision };
}

export function DecisionButtons({
  pending,
  ask,
}: {
  pending: PendingApproval;
  ask: (pending: PendingApproval, decision: 'approve' | 'reject') => void;
}) {
  const t = usePaymentsText();
  if (!pending.can_decide) return null;
  return (
    <div className="flex gap-3">
      <button type="button" className="btn" onClick={() => ask(pending, 'approve')}>
        {t('approve')}
      </button>
      <button type="button" className="btn-secondary" onClick={() => ask(pending, 'reject')}>
        {t('reject')}
      </button>
    </div>
  );
}
