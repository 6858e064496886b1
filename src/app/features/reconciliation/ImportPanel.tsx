import { useId, useState, type FormEvent } from 'react';
import {
  statementImportKinds,
  type StatementImport,
  type StatementImportKind,
} from '../../../contract/imports';
import { ApiError } from '../../api/errors';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import { useI18n } from '../../lib/i18n';
import { formatCount } from '../../lib/format';
import { useAccountLabel } from '../payments/batch-parts';
import { detectFileKind, fileHead } from './file-kind';
import { useProposalsFrom } from './get-reconciliation';
import { MatchSummaryLine } from './MatchSummaryLine';
import { useReconciliationText } from './messages';
import { fileUpload, useImportFile } from './reconciliation-writes';

/** A refused file's errors as the API names them: `line 17: record 22 (extra reference)` and why. */
function fileErrorsOf(error: Error): { where: string; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  const errors = error.problem?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((entry: unknown) => {
    const { path, message } = (entry ?? {}) as { path?: unknown; message?: unknown };
    return {
      where: typeof path === 'string' ? path : '',
      message: typeof message === 'string' ? message : '',
    };
  });
}

export function ImportPanel({ onShowQueue }: { onShowQueue: () => void }) {
  const t = useReconciliationText();
  const fileId = useId();
  const kindId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<StatementImportKind | 'auto'>('auto');
  const [unknownKind, setUnknownKind] = useState(false);
  const [result, setResult] = useState<StatementImport | null>(null);
  const upload = useImportFile({ onImported: setResult });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    const chosen = kind === 'auto' ? detectFileKind(await fileHead(file)) : kind;
    setUnknownKind(chosen === null);
    if (chosen === null) return;
    setResult(null);
    upload.send(fileUpload(file, chosen));
  };

  return (
    <div className="space-y-4 pt-4">
      <form className="card flex flex-wrap items-end gap-3" onSubmit={(event) => void submit(event)}>
        <h3 className="w-full font-semibold">{t('import.title')}</h3>
        <div className="flex flex-col gap-0.5">
          <label htmlFor={fileId}>{t('import.file')}</label>
          <input
            id={fileId}
            type="file"
            className="field"
            onChange={(event) => {
              setFile(event.target.files?.[0] ?? null);
              setUnknownKind(false);
            }}
          />
        </div>
        <div className="flex flex-col gap-0.5">
          <label htmlFor={kindId}>{t('import.kind')}</label>
          <select
            id={kindId}
            className="field"
            value={kind}
            aria-invalid={unknownKind ? true : undefined}
            onChange={(event) => {
              setKind(statementImportKinds.find((k) => k === event.target.value) ?? 'auto');
              setUnknownKind(false);
            }}
          >
            <option value="auto">{t('import.kind.auto')}</option>
            {statementImportKinds.map((k) => (
              <option key={k} value={k}>
                {t(`import.kind.${k}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="btn" disabled={!file || upload.isPending}>
          {t('import.send')}
        </button>
        {unknownKind && (
          <p role="alert" className="w-full text-red-700 dark:text-red-300">
            {t('import.unknownKind')}
          </p>
        )}
      </form>
      {upload.isPending && file && (
        <div className="card" role="status">
          <label className="flex flex-col gap-1">
            {t('import.uploading', { name: file.name })}
            <progress className="w-full" />
          </label>
        </div>
      )}
      {upload.error && !upload.isPending && <RefusedFile error={upload.error} />}
      {result && !upload.isPending && <ImportResult result={result} onShowQueue={onShowQueue} />}
    </div>
  );
}

function RefusedFile({ error }: { error: Error }) {
  const t = useReconciliationText();
  const errors = fileErrorsOf(error);
  // Only a 4xx means the API looked at the file and kept nothing; a timeout may yet have booked it.
  const refused = error instanceof ApiError && error.status >= 400 && error.status < 500;
  return (
    <div role="alert" className="card space-y-2 border-red-300 text-red-800 dark:text-red-200">
      <p>{t(refused ? 'import.refused' : 'import.failed', { message: error.message })}</p>
      {errors.length > 0 && (
        <>
          <h4 className="font-semibold">{t('import.errors')}</h4>
          <ul className="list-disc pl-5" data-testid="import-errors">
            {errors.map((entry, index) => (
              <li key={index}>
                {entry.where && <span className="font-mono">{entry.where}</span>} {entry.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

function ImportResult({ result, onShowQueue }: { result: StatementImport; onShowQueue: () => void }) {
  const t = useReconciliationText();
  const { locale } = useI18n();
  const accountName = useAccountLabel();
  const count = (n: number) => formatCount(n, locale);
  // The proposals of this file were written with it, a moment after the import was recorded.
  const since = new Date(Date.parse(result.created_at) - 1_000).toISOString();
  const proposals = useProposalsFrom(result.account_ids, since);
  return (
    <section className="card space-y-3" aria-labelledby="import-result-title" data-testid="import-result">
      <h3 id="import-result-title" className="font-semibold">
        {t('import.done', { name: result.file_name ?? result.id })}
      </h3>
      <dl className="grid gap-2 sm:grid-cols-4">
        <div>
          <dt className="text-sm">{t('import.booked')}</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="import-booked">
            {count(result.entries_booked)}
          </dd>
        </div>
        <div>
          <dt className="text-sm">{t('import.duplicates')}</dt>
          <dd className="text-xl font-semibold tabular-nums" data-testid="import-duplicates">
            {count(result.duplicates_skipped)}
          </dd>
        </div>
        <div>
          <dt className="text-sm">{t('import.notBooked')}</dt>
          <dd className="text-xl font-semibold tabular-nums">{count(result.entries_not_booked)}</dd>
        </div>
        <div>
          <dt className="text-sm">{t('import.balances')}</dt>
          <dd className="text-xl font-semibold tabular-nums">{count(result.balances_booked)}</dd>
        </div>
      </dl>
      <p className="text-sm">{result.account_ids.map(accountName).join(', ')}</p>
      <h4 className="font-semibold">{t('import.newProposals')}</h4>
      {proposals.isPending ? (
        <Skeleton rows={2} label={t('import.newProposals')} />
      ) : proposals.error ? (
        <QueryError
          what={t('import.newProposals')}
          error={proposals.error}
          onRetry={() => void proposals.refetch()}
        />
      ) : proposals.data.length === 0 ? (
        <Empty>{t('import.noProposals')}</Empty>
      ) : (
        <ul className="space-y-1" data-testid="import-proposals">
          {proposals.data.map((match) => (
            <MatchSummaryLine key={match.id} match={match} />
          ))}
        </ul>
      )}
      <button type="button" className="btn" onClick={onShowQueue}>
        {t('import.toQueue')}
      </button>
    </section>
  );
}
