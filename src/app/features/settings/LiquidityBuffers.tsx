import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { parseAmount } from '../../../banking/money';
import type { Company } from '../../../contract/ledger';
import { useCan } from '../../auth/auth';
import { Empty, QueryError, Skeleton } from '../../components/QueryStates';
import type { WireAmount } from '../../lib/format';
import { useI18n } from '../../lib/i18n';
import { normaliseAmount } from '../../lib/typed-amount';
import { useCompanies } from '../accounts/get-companies';
import { liquidityWarningKeys } from '../forecast/get-liquidity-warnings';
import { liquidityBufferKeys, setLiquidityBuffer, useLiquidityBuffers } from '../forecast/liquidity-buffers';
import { KoncernGate } from '../koncerner/KoncernGate';
import { useIntentMutation } from '../payments/use-intent-mutation';
import { useSettingsText } from './messages';

/** Each company's minimum balance, below which the forecast warns; set by those who manage payments. */
export function LiquidityBuffers() {
  const t = useSettingsText();
  return (
    <section aria-labelledby="buffers-title" className="card space-y-3">
      <h3 id="buffers-title" className="text-lg font-semibold">
        {t('buffers')}
      </h3>
      <p className="text-sm text-slate-700 dark:text-slate-300">{t('buffersIntro')}</p>
      <KoncernGate>{(koncernId) => <BufferTable koncernId={koncernId} />}</KoncernGate>
    </section>
  );
}

function BufferTable({ koncernId }: { koncernId: string }) {
  const t = useSettingsText();
  const canSet = useCan('write:payments');
  const companies = useCompanies(koncernId);
  const buffers = useLiquidityBuffers();
  const query = companies.error ? companies : buffers;
  if (companies.isPending || buffers.isPending) return <Skeleton rows={4} />;
  if (query.error) {
    return <QueryError what={t('buffers')} error={query.error} onRetry={() => void query.refetch()} />;
  }
  const list = companies.data?.results ?? [];
  if (list.length === 0) return <Empty />;
  const byCompany = new Map(
    (buffers.data?.results ?? []).map((buffer) => [buffer.company_id, buffer.minimum]),
  );
  return (
    <>
      {!canSet && <p className="text-sm text-slate-600 dark:text-slate-400">{t('buffersReadOnly')}</p>}
      <div className="overflow-x-auto">
        <table className="data-table" data-testid="liquidity-buffers">
          <thead>
            <tr>
              <th scope="col">{t('company')}</th>
              <th scope="col" className="num">
                {t('buffer')}
              </th>
              {canSet && <th scope="col">{t('changeBuffer')}</th>}
            </tr>
          </thead>
          <tbody>
            {list.map((company) => (
              <BufferRow
                key={company.id}
                company={company}
                minimum={byCompany.get(company.id) ?? null}
                canSet={canSet}
              />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function BufferRow({
  company,
  minimum,
  canSet,
}: {
  company: Company;
  minimum: WireAmount | null;
  canSet: boolean;
}) {
  const t = useSettingsText();
  const { money } = useI18n();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useIntentMutation({
    write: (amount: string | null, key) => setLiquidityBuffer(company.id, amount, key('set')),
    onSuccess: () => {
      setProblem(null);
      setTyped('');
    },
    onError: (error) => setProblem(t('writeFailed', { message: error.message })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: liquidityBufferKeys.all });
      void queryClient.invalidateQueries({ queryKey: liquidityWarningKeys.all });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const amount = normaliseAmount(typed);
    const parsed = parseAmount(amount, 'SEK');
    if (!parsed.ok || parsed.value < 0n) {
      setProblem(t('bufferInvalid'));
      return;
    }
    save.send(amount);
  };
  return (
    <tr data-company-id={company.id}>
      <th scope="row">{company.name}</th>
      <td className="num" data-testid="buffer-amount">
        {minimum === null ? t('noBuffer') : money(minimum)}
      </td>
      {canSet && (
        <td>
          <form className="flex flex-wrap items-center gap-2" onSubmit={submit} noValidate>
            <input
              className="field w-28 sm:w-40"
              inputMode="decimal"
              aria-label={t('newBufferFor', { company: company.name })}
              aria-invalid={problem !== null}
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
            />
            <button
              type="submit"
              className="btn-secondary"
              disabled={save.isPending}
              aria-label={t('saveBufferFor', { company: company.name })}
            >
              {t('save')}
            </button>
            {minimum !== null && (
              <button
                type="button"
                className="btn-secondary"
                disabled={save.isPending}
                aria-label={t('removeBufferFor', { company: company.name })}
                onClick={() => save.send(null)}
              >
                {t('remove')}
              </button>
            )}
            {problem && (
              <p role="alert" className="w-full text-sm text-red-800 dark:text-red-300">
                {problem}
              </p>
            )}
          </form>
        </td>
      )}
    </tr>
  );
}
