import { useId, useState } from 'react';
import { ModalDialog } from '../../components/ModalDialog';
import type { Transaction } from '../../../contract/ledger';
import {
  explanationReasons,
  type ExplanationReason,
  type TransactionExplanation,
} from '../../../contract/reconciliation-explanations';
import { useI18n } from '../../lib/i18n';
import { useExplainTransaction, useReopenTransaction } from './explanation-writes';
import { useReconciliationText } from './messages';
import { suggestedReason } from './suggested-reason';

/** A transaction in words, for the dialog's title and the notice after it. */
function useTransactionInWords() {
  const { money, date } = useI18n();
  return (transaction: Transaction) =>
    [money(transaction.amount), date(transaction.booking_date), transaction.counterparty_name]
      .filter(Boolean)
      .join(' · ');
}

/**
 * Why no open item will come for `transaction` (a salary run, a tax payment…), asked in a native modal
 * dialog; on confirmation the transaction is reconciled without a match.
 */
export function ExplainDialog({
  transaction,
  onExplained,
  onClose,
}: {
  transaction: Transaction;
  onExplained: (explanation: TransactionExplanation) => void;
  onClose: () => void;
}) {
  const t = useReconciliationText();
  const inWords = useTransactionInWords();
  const [reason, setReason] = useState<ExplanationReason>(() => suggestedReason(transaction));
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const titleId = useId();
  const introId = useId();
  const explain = useExplainTransaction({ onExplained });
  return (
    <ModalDialog
      labelledBy={titleId}
      describedBy={introId}
      onClose={onClose}
      onSubmit={() => {
        if (reason === 'other' && note.trim() === '') {
          setProblem(t('explainNoteRequired'));
          return;
        }
        setProblem(null);
        explain.send({ transactionId: transaction.id, reason, note });
      }}
    >
      <h3 id={titleId} className="text-lg font-semibold">
        {t('explainTitle', { what: inWords(transaction) })}
      </h3>
      <p id={introId}>{t('explainIntro')}</p>
      <label className="flex flex-col gap-0.5">
        {t('explainReason')}
        <select
          className="field"
          value={reason}
          onChange={(event) => setReason(explanationReasons.find((r) => r === event.target.value) ?? 'other')}
        >
          {explanationReasons.map((option) => (
            <option key={option} value={option}>
              {t(`explainReason.${option}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        {reason === 'other' ? t('explainNoteRequiredLabel') : t('explainNote')}
        <textarea
          className="field"
          rows={2}
          maxLength={500}
          value={note}
          aria-invalid={problem !== null}
          onChange={(event) => setNote(event.target.value)}
        />
      </label>
      {(problem ?? explain.error) && (
        <p role="alert" className="text-red-800 dark:text-red-300">
          {problem ?? t('explainFailed', { message: explain.error?.message ?? '' })}
        </p>
      )}
      <div className="flex justify-end gap-3">
        <button type="button" className="btn-secondary" onClick={onClose}>
          {t('close')}
        </button>
        <button type="submit" className="btn" disabled={explain.isPending}>
          {t('explainAction')}
        </button>
      </div>
    </ModalDialog>
  );
}

/** What was just explained, with a way to take it back (keyed by the transaction: a new one starts afresh). */
export function ExplainedNotice({
  explained,
}: {
  explained: { transaction: Transaction; explanation: TransactionExplanation } | null;
}) {
  const t = useReconciliationText();
  const inWords = useTransactionInWords();
  const [reopened, setReopened] = useState(false);
  const reopen = useReopenTransaction({ onReopened: () => setReopened(true) });
  return (
    <div role="status" className="flex flex-wrap items-center gap-3" data-testid="explained-notice">
      {reopened ? (
        <span>{t('reopened')}</span>
      ) : explained ? (
        <>
          <span>
            {t('explained', {
              reason: t(`explainReason.${explained.explanation.reason}`),
              what: inWords(explained.transaction),
            })}
          </span>
          <button
            type="button"
            className="btn-secondary"
            disabled={reopen.isPending}
            onClick={() => reopen.send(explained.transaction.id)}
          >
            {t('undo')}
          </button>
          {reopen.error && (
            <span role="alert" className="text-red-800 dark:text-red-300">
              {t('explainFailed', { message: reopen.error.message })}
            </span>
          )}
        </>
      ) : null}
    </div>
  );
}
