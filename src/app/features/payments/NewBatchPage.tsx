import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isCurrency, type Currency } from '../../../banking/currency';
import { todayInStockholm } from '../../../banking/dates';
import { formatAmount } from '../../../banking/money';
import type { CreatePaymentBatchBody } from '../../../contract/payments';
import { useAuth, useCan } from '../../auth/auth';
import { useI18n } from '../../lib/i18n';
import { viewSearch } from '../../shell/view-params';
import { AccountOptions, useAccountsByCompany, useKoncernAccounts } from './batch-parts';
import { createBatch, submitBatch } from './batch-writes';
import { CsvImport } from './CsvImport';
import { batchKeys } from './get-batches';
import { LineEditor } from './LineEditor';
import {
  emptyLine,
  executionDateChoices,
  lineProblems,
  lineTotal,
  toCreateBody,
  type LineDraft,
} from './line-draft';
import { SignInFirst } from './BatchesPage';
import { usePaymentsText } from './messages';
import { placeErrors, type PlacedErrors } from './server-errors';
import { useIntentMutation } from './use-intent-mutation';

export function NewBatchPage() {
  const t = usePaymentsText();
  const signedIn = useAuth().status === 'signed-in';
  const canCreate = useCan('write:payments');
  const [params] = useSearchParams();
  return (
    <section aria-labelledby="page-title" className="space-y-4">
      <p>
        <Link className="link" to={{ pathname: '/payments', search: viewSearch(params) }}>
          ← {t('backToBatches')}
        </Link>
      </p>
      <h2 id="page-title" className="text-xl font-semibold">
        {t('newBatch')}
      </h2>
      {!signedIn ? (
        <SignInFirst />
      ) : canCreate ? (
        <NewBatchForm />
      ) : (
        <p className="card">{t('createNotAllowed')}</p>
      )}
    </section>
  );
}

interface SaveRequest {
  body: CreatePaymentBatchBody;
  thenSubmit: boolean;
}

function NewBatchForm() {
  const t = usePaymentsText();
  const { money, date } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const { byId } = useKoncernAccounts();
  const bankDays = useMemo(() => executionDateChoices(todayInStockholm()), []);
  const [accountId, setAccountId] = useState('');
  const [label, setLabel] = useState('');
  const [executionDate, setExecutionDate] = useState<string>(bankDays[1] ?? '');
  const [lines, setLines] = useState<LineDraft[]>(() => [emptyLine()]);
  const [attempted, setAttempted] = useState(false);
  const [placed, setPlaced] = useState<PlacedErrors | null>(null);

  const groups = useAccountsByCompany();
  // Until one is chosen: the first SEK account, in the order the picker shows them (most batches pay
  // Swedish suppliers, and bankgiro, plusgiro and clearing numbers take SEK only).
  const firstShown = groups.flatMap((group) => group.accounts);
  const debtor =
    byId.get(accountId) ?? firstShown.find((account) => account.currency === 'SEK') ?? firstShown[0];
  const currency: Currency = debtor && isCurrency(debtor.currency) ? debtor.currency : 'SEK';
  const problems = lines.map((line) => lineProblems(line, currency, attempted));
  const total = lineTotal(lines, currency);

  const save = useIntentMutation({
    write: async ({ body, thenSubmit }: SaveRequest, key) => {
      const created = await createBatch(body, key('create'));
      return thenSubmit ? submitBatch(created.id, key('submit')) : created;
    },
    onSuccess: async (batch) => {
      queryClient.setQueryData(batchKeys.detail(batch.id), batch);
      await queryClient.invalidateQueries({ queryKey: batchKeys.lists() });
      await navigate({ pathname: `/payments/${batch.id}`, search: viewSearch(params) });
    },
    onError: (error) => setPlaced(placeErrors(error)),
  });

  const updateLine = (index: number, line: LineDraft) => {
    setLines((previous) => previous.map((current, at) => (at === index ? line : current)));
    // The server's word on a line no longer holds once the person changes it.
    setPlaced((previous) => {
      if (!previous?.lines.has(index)) return previous;
      const next = new Map(previous.lines);
      next.delete(index);
      return { ...previous, lines: next };
    });
  };

  const trySave = (thenSubmit: boolean) => {
    setAttempted(true);
    const complete = lines.map((line) => lineProblems(line, currency, true));
    if (!debtor || complete.some((found) => Object.keys(found).length > 0)) return;
    setPlaced(null);
    save.send({
      body: toCreateBody({ debtorAccountId: debtor.id, label, executionDate, currency, lines }),
      thenSubmit,
    });
  };

  const hasProblems = problems.some((found) => Object.keys(found).length > 0);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        trySave(false);
      }}
    >
      <div className="card grid grid-cols-1 gap-3 md:grid-cols-3">
        <label className="flex flex-col gap-0.5">
          <span>{t('debtorAccount')}</span>
          <select
            className="field"
            value={debtor?.id ?? ''}
            onChange={(event) => setAccountId(event.target.value)}
          >
            <AccountOptions groups={groups} />
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('executionDate')}</span>
          <select
            className="field"
            value={executionDate}
            onChange={(event) => setExecutionDate(event.target.value)}
          >
            {bankDays.map((day) => (
              <option key={day} value={day}>
                {date(day)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-0.5">
          <span>{t('label')}</span>
          <input
            className="field"
            value={label}
            maxLength={140}
            onChange={(event) => setLabel(event.target.value)}
          />
        </label>
      </div>
      <CsvImport
        onLines={(imported) => {
          setLines((previous) => [
            ...previous.filter((line) => line.name !== '' || line.number !== '' || line.amount !== ''),
            ...imported,
          ]);
          setPlaced(null);
        }}
      />
      {lines.map((line, index) => (
        <LineEditor
          key={line.key}
          index={index}
          line={line}
          currency={currency}
          errors={{ typed: problems[index] ?? {}, server: placed?.lines.get(index) ?? [] }}
          onChange={(next) => updateLine(index, next)}
          onRemove={
            lines.length > 1
              ? () => {
                  setLines((previous) => previous.filter((_, at) => at !== index));
                  setPlaced(null);
                }
              : null
          }
        />
      ))}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <button
          type="button"
          className="btn-secondary"
          onClick={() => setLines((previous) => [...previous, emptyLine()])}
        >
          {t('addLine')}
        </button>
        <p className="text-lg font-semibold tabular-nums" data-testid="new-batch-total">
          {t('totals')}: {money({ amount: formatAmount(total, currency), currency })}
        </p>
      </div>
      <div role="alert" className="space-y-1">
        {attempted && hasProblems && <p className="text-red-700 dark:text-red-300">{t('fixErrors')}</p>}
        {placed?.batch.map((error) => (
          <p key={`${error.path ?? ''}${error.message}`} className="text-red-700 dark:text-red-300">
            {t('writeFailed', { message: error.path ? `${error.path}: ${error.message}` : error.message })}
            {error.path === null && ` ${t('tryAgainSafe')}`}
          </p>
        ))}
      </div>
      <div className="flex flex-wrap gap-3">
        <button type="submit" className="btn-secondary" disabled={save.isPending}>
          {t('saveDraft')}
        </button>
        <button type="button" className="btn" disabled={save.isPending} onClick={() => trySave(true)}>
          {t('saveAndSubmit')}
        </button>
        {save.isPending && <p role="status">{t('saving')}</p>}
      </div>
    </form>
  );
}
