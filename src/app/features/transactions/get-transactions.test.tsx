// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Transaction } from '../../../contract/ledger';
import { createQueryClient } from '../../api/query-client';
import { QueryError, Skeleton } from '../../components/QueryStates';
import { I18nProvider } from '../../lib/i18n';
import { jsonResponse, problem, stubFetch } from '../../test/fetch-stub';
import { fetchFilteredSet, useTransactions } from './get-transactions';

const KONCERN = 'kon_0123456789';

function transaction(index: number): Transaction {
  const id = String(index).padStart(10, '0');
  return {
    id: `txn_${id}`,
    account_id: 'acct_0000000001',
    booking_date: '2026-11-25',
    value_date: '2026-11-25',
    amount: { amount: `-${index}.00`, currency: 'SEK' },
    counterparty_name: null,
    counterparty_account: null,
    ocr: null,
    message: null,
    bank_reference: `REF${id}`,
    end_to_end_id: null,
    category: null,
    intra_group: false,
    reconciliation_state: 'unreconciled',
  };
}

function page(from: number, count: number, next: string | null) {
  return { results: Array.from({ length: count }, (_, i) => transaction(from + i)), next_cursor: next };
}

function Rows() {
  const query = useTransactions({ koncern_id: KONCERN, direction: 'out' }, true);
  if (query.isPending) return <Skeleton />;
  const rows = query.data?.pages.flatMap((loaded) => loaded.results) ?? [];
  return (
    <>
      <p data-testid="count">{rows.length}</p>
      {query.error && (
        <QueryError
          what="transactions"
          error={query.error}
          onRetry={() => void (query.data ? query.fetchNextPage() : query.refetch())}
        />
      )}
      <button type="button" onClick={() => void query.fetchNextPage()} disabled={!query.hasNextPage}>
        next
      </button>
    </>
  );
}

function renderRows() {
  return render(
    <QueryClientProvider client={createQueryClient()}>
      <I18nProvider initial="sv">
        <Rows />
      </I18nProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('useTransactions', () => {
  it('shows a 400 in place without retrying, and the button asks again', async () => {
    const { mock, requested } = stubFetch(
      problem(400, 'amount_min: högst två decimaler'),
      jsonResponse(200, page(0, 3, null)),
    );
    renderRows();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Kunde inte hämta transactions: amount_min: högst två decimaler');
    expect(mock).toHaveBeenCalledTimes(1);
    expect(requested()[0]).toBe(`/api/transactions?koncern_id=${KONCERN}&direction=out&limit=200`);

    fireEvent.click(screen.getByRole('button', { name: 'Försök igen' }));
    expect((await screen.findByTestId('count')).textContent).toBe('3');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps the loaded rows when a later page fails, and fetches that page again on request', async () => {
    const { requested } = stubFetch(
      jsonResponse(200, page(0, 2, 'c2')),
      problem(404, 'Kontot finns inte'),
      jsonResponse(200, page(2, 2, null)),
    );
    renderRows();
    expect((await screen.findByTestId('count')).textContent).toBe('2');
    fireEvent.click(screen.getByRole('button', { name: 'next' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Kontot finns inte');
    expect(screen.getByTestId('count').textContent).toBe('2');

    fireEvent.click(screen.getByRole('button', { name: 'Försök igen' }));
    await vi.waitFor(() => expect(screen.getByTestId('count').textContent).toBe('4'));
    expect(requested().slice(1)).toEqual([
      `/api/transactions?koncern_id=${KONCERN}&direction=out&limit=200&cursor=c2`,
      `/api/transactions?koncern_id=${KONCERN}&direction=out&limit=200&cursor=c2`,
    ]);
  });
});

describe('fetchFilteredSet (the CSV export)', () => {
  it('walks the cursor through the whole filtered set in pages of 500', async () => {
    const { requested } = stubFetch(
      jsonResponse(200, page(0, 500, 'c2')),
      jsonResponse(200, page(500, 500, 'c3')),
      jsonResponse(200, page(1000, 7, null)),
    );
    const progress: number[] = [];
    const set = await fetchFilteredSet(
      { koncern_id: KONCERN, currency: 'SEK' },
      { onProgress: (loaded) => progress.push(loaded) },
    );
    expect(set.truncated).toBe(false);
    expect(set.rows.map((row) => row.id)).toEqual(Array.from({ length: 1007 }, (_, i) => transaction(i).id));
    expect(progress).toEqual([500, 1000, 1007]);
    expect(requested()).toEqual([
      `/api/transactions?koncern_id=${KONCERN}&currency=SEK&limit=500`,
      `/api/transactions?koncern_id=${KONCERN}&currency=SEK&limit=500&cursor=c2`,
      `/api/transactions?koncern_id=${KONCERN}&currency=SEK&limit=500&cursor=c3`,
    ]);
  });

  it('fails with the API problem when a page fails, rather than exporting part of the set', async () => {
    stubFetch(jsonResponse(200, page(0, 500, 'c2')), problem(422, 'Ogiltig markör'));
    await expect(fetchFilteredSet({ koncern_id: KONCERN })).rejects.toMatchObject({
      status: 422,
      message: 'Ogiltig markör',
    });
  });
});
