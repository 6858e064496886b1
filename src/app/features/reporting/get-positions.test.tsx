// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { QueryError, Skeleton } from '../../components/QueryStates';
import { I18nProvider, useI18n } from '../../lib/i18n';
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

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

function Total() {
  const { money } = useI18n();
  const query = usePositions({ koncernId: KONCERN, date: '2026-11-25', groupBy: 'company' });
  if (query.isPending) return <Skeleton />;
  if (query.error)
    return <QueryError what="positions" error={query.error} onRetry={() => void query.refetch()} />;
  return <p data-testid="total">{money(query.data.total)}</p>;
}

function renderTotal() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
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
  it('shows a loading skeleton, then the API error in place, and retries on request', async () => {
    const fetchMock = vi
      .fn<typeof fetch>()
      .mockResolvedValueOnce(
        json(503, { type: 'about:blank', title: 'Unavailable', status: 503, detail: 'The ledger is busy' }),
      )
      .mockResolvedValueOnce(json(200, positionsBody));
    vi.stubGlobal('fetch', fetchMock);

    renderTotal();
    expect(screen.getByTestId('skeleton')).toBeTruthy();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load positions: The ledger is busy');
    expect(fetchMock.mock.calls[0]?.[0]).toBe(
      `/api/reporting/positions?koncern_id=${KONCERN}&date=2026-11-25&group_by=company`,
    );

    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect((await screen.findByTestId('total')).textContent).toBe('SEK\u00a01,250,000.00');
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('treats a response that breaks the contract as an error, not as data', async () => {
    vi.stubGlobal(
      'fetch',
      vi
        .fn<typeof fetch>()
        .mockResolvedValue(json(200, { ...positionsBody, total: { amount: 1250000, currency: 'SEK' } })),
    );
    renderTotal();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Could not load positions');
    expect(screen.queryByTestId('total')).toBeNull();
  });
});
