// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../api/query-client';
import { QueryError, Skeleton } from '../../components/QueryStates';
import { I18nProvider, useI18n } from '../../lib/i18n';
import { jsonResponse, problem, stubFetch } from '../../test/fetch-stub';
import { usePositions } from './get-positions';

const KONCERN = 'kon_0123456789';

const positionsBody = {
  koncern_id: KONCERN,
  date: '2026-11-25',
  group_by: 'company',
  groups: [],
  by_currency: [],
  total: { amount: '1250000.00', currency: 'SEK' },
  fx_rates: [],
  cash_pools: [],
};

function Total() {
  const { money } = useI18n();
  const query = usePositions({ koncernId: KONCERN, date: '2026-11-25', groupBy: 'company' });
  if (query.isPending) return <Skeleton />;
  if (query.error)
    return <QueryError what="positions" error={query.error} onRetry={() => void query.refetch()} />;
  return <p data-testid="total">{money(query.data.total)}</p>;
}

/** With the dashboard's own query defaults (what is retried and what is not). */
function renderTotal() {
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <I18nProvider initial="en">
        <Total />
      </I18nProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('usePositions', () => {
  it('calls the BFF through the typed client, and shows the total', async () => {
    const { requested } = stubFetch(jsonResponse(200, positionsBody));
    renderTotal();
    expect(screen.getByTestId('skeleton')).toBeTruthy();
    expect((await screen.findByTestId('total')).textContent).toBe('SEK\u00a01,250,000.00');
    expect(requested()).toEqual([
      `/api/reporting/positions?koncern_id=${KONCERN}&date=2026-11-25&group_by=company`,
    ]);
  });

  it('does not retry a 4xx: the problem is shown in place at once, and the button asks again', async () => {
    const { mock } = stubFetch(problem(404, 'No koncern kon_0123456789'), jsonResponse(200, positionsBody));
    renderTotal();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load positions: No koncern kon_0123456789');
    expect(mock).toHaveBeenCalledTimes(1);

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByTestId('total')).textContent).toBe('SEK\u00a01,250,000.00');
    expect(mock).toHaveBeenCalledTimes(2);
  });

  it('retries a 5xx twice by itself before showing the error, which the button then clears', async () => {
    const { mock } = stubFetch(
      problem(503, 'The ledger is busy'),
      problem(503, 'The ledger is busy'),
      problem(503, 'The ledger is busy'),
      jsonResponse(200, positionsBody),
    );
    renderTotal();
    const alert = await screen.findByRole('alert', {}, { timeout: 8_000 });
    expect(alert.textContent).toContain('Could not load positions: The ledger is busy');
    expect(mock).toHaveBeenCalledTimes(3);

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByTestId('total')).textContent).toBe('SEK\u00a01,250,000.00');
    expect(mock).toHaveBeenCalledTimes(4);
  });

  it('treats a response that breaks the contract as an error, not as data', async () => {
    stubFetch(jsonResponse(200, { ...positionsBody, total: { amount: 1250000, currency: 'SEK' } }));
    renderTotal();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load positions');
    expect(screen.queryByTestId('total')).toBeNull();
  });
});
