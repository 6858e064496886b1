import { useId, useState } from 'react';
import { parseLinesCsv } from './csv-lines';
import type { LineDraft } from './line-draft';
import { usePaymentsText } from './messages';

/** Lines from a pasted or chosen CSV file; they land in the form and are checked like typed ones. */
export function CsvImport({ onLines }: { onLines: (lines: LineDraft[]) => void }) {
  const t = usePaymentsText();
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string } | null>(null);
  const helpId = useId();
  const read = (csv: string) => {
    const parsed = parseLinesCsv(csv);
    if (parsed.ok) {
      onLines(parsed.lines);
      setText('');
      setOutcome({ ok: true, message: t('csvRead', { count: parsed.lines.length }) });
    } else {
      setOutcome({ ok: false, message: t(`csv.${parsed.problem}`, { row: parsed.row }) });
    }
  };
  return (
    <details className="card space-y-2">
      <summary className="cursor-pointer font-medium">{t('importCsv')}</summary>
      <p id={helpId} className="text-sm text-slate-700 dark:text-slate-300">
        {t('csvHelp')}
      </p>
      <label className="flex flex-col gap-0.5">
        <span>{t('pasteCsv')}</span>
        <textarea
          className="field font-mono text-sm"
          rows={4}
          value={text}
          aria-describedby={helpId}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="button" className="btn-secondary" onClick={() => read(text)}>
          {t('readCsv')}
        </button>
        <label className="flex items-center gap-2 text-sm">
          <span>{t('importCsv')}</span>
          <input
            type="file"
            accept=".csv,text/csv,text/plain"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) void file.text().then(read);
              event.target.value = '';
            }}
          />
        </label>
      </div>
      {outcome && (
        <p
          role={outcome.ok ? 'status' : 'alert'}
          className={outcome.ok ? '' : 'text-red-700 dark:text-red-300'}
        >
          {outcome.message}
        </p>
      )}
    </details>
  );
}
