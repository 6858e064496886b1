// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PendingApproval } from '../../../contract/payments';
import { I18nProvider } from '../../lib/i18n';
import { ApprovalsPage } from './ApprovalsPage';

// The identity provider is the edge of the world here: an approver is signed in.
vi.mock('../../auth/auth', () => ({
  useAuth: () => ({ status: 'signed-in', person: { name: 'Björn Ekström', roles: ['approver'] } }),
  auth: { accessToken: () => Promise.resolve('user-token') },
}));

const at = '2026-11-25T10:00:00.000Z';
const david = { type: 'user' as const, id: 'usr_david_holm', name: 'David Holm' };

function pending(n: number, amount: string, canDecide: boolean): PendingApproval {
  const batchId = `batch_0000000${n}`;
  return {
    id: `appr_0000000${n}`,
    batch_id: batchId,
    status: 'pending',
    required_approvals: 2,
    required_role: null,
    approvals_received: 1,
    total_sek: { amount, currency: 'SEK' },
    decisions: [],
    created_at: at,
    batch: {
      id: batchId,
      status: 'pending_approval',
      label: `Leverantörer ${n}`,
      debtor_account_id: 'acct_drift0001',
      company_id: 'co_demo0001',
      payment_count: 3,
      totals: [{ amount, currency: 'SEK' }],
      total_sek: { amount, currency: 'SEK' },
      first_execution_date: '2026-11-27',
      last_execution_date: '2026-11-27',
      created_by: david,
      submitted_by: david,
      submitted_at: at,
      rejection_reason: null,
      created_at: at,
      updated_at: at,
    },
    largest_creditors: [{ name: 'Bygg & Betong AB', amount: { amount: '100000.00', currency: 'SEK' } }],
    can_decide: canDecide,
  };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

function detailOf(approval: PendingApproval) {
  const { largest_creditors: _largest, can_decide: _canDecide, batch, ...rest } = approval;
  return { ...batch, payments: [], history: [], approval: rest };
}

interface Write {
  path: string;
  key: string | null;
  body: unknown;
}

function network(inbox: PendingApproval[], answerWrite: (write: Write) => Promise<Response>) {
  const writes: Write[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn<typeof fetch>(async (input) => {
      const request = input instanceof Request ? input : new Request(String(input));
      const path = new URL(request.url).pathname;
      if (request.method === 'POST') {
        const write = {
          path,
          key: request.headers.get('idempotency-key'),
          body: JSON.parse((await request.text()) || 'null') as unknown,
        };
        writes.push(write);
        return answerWrite(write);
      }
      if (path === '/api/approvals/pending') return json(200, { results: inbox, next_cursor: null });
      const approval = inbox.find((candidate) => path === `/api/payments/batches/${candidate.batch_id}`);
      if (approval) return json(200, detailOf(approval));
      return json(200, { results: [], next_cursor: null });
    }),
  );
  return writes;
}

function renderInbox() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <I18nProvider initial="en">
        <MemoryRouter>
          <ApprovalsPage />
        </MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('the approvals inbox', () => {
  it('moves with j/k, confirms the amount, removes at once and puts back when the server refuses', async () => {
    const user = userEvent.setup();
    let answer: ((response: Response) => void) | undefined;
    const newest = pending(2, '250000.00', true);
    const older = pending(1, '42000.00', true);
    const writes = network(
      [newest, older],
      () =>
        new Promise((resolve) => {
          answer = resolve;
        }),
    );
    renderInbox();

    const items = await screen.findAllByRole('button', { name: /Leverantörer/ });
    expect(items.map((item) => item.textContent)).toEqual([
      expect.stringContaining('SEK\u00a0250,000.00'),
      expect.stringContaining('SEK\u00a042,000.00'),
    ]);
    expect(items[0]?.textContent).toContain('1 of 2 approvals');
    expect(items[0]?.textContent).toContain('Largest creditors: Bygg & Betong AB SEK\u00a0100,000.00');
    expect(items[0]?.getAttribute('aria-current')).toBe('true');

    await user.keyboard('j');
    expect(screen.getByRole('button', { name: /Leverantörer 1/ }).getAttribute('aria-current')).toBe('true');
    await user.keyboard('k');
    expect(screen.getByRole('button', { name: /Leverantörer 2/ }).getAttribute('aria-current')).toBe('true');

    await user.keyboard('a');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe(
      'Approve SEK\u00a0250,000.00 from acct_drift0001?',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Approve' }));

    // Optimistic: gone from the inbox while the server has not answered yet.
    await vi.waitFor(() => expect(screen.queryByRole('button', { name: /Leverantörer 2/ })).toBeNull());
    expect(writes).toHaveLength(1);
    expect(writes[0]?.path).toBe(`/api/approvals/${newest.id}/approve`);
    expect(writes[0]?.key).toMatch(/^[0-9a-f-]{36}$/);

    answer?.(
      json(409, {
        type: 'https://finvis.se/problems/conflict',
        title: 'Already decided',
        status: 409,
        detail: 'usr_bjorn_ekstrom has already decided on this batch',
      }),
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      'The decision was not saved: usr_bjorn_ekstrom has already decided on this batch',
    );
    expect(await screen.findByRole('button', { name: /Leverantörer 2/ })).toBeTruthy();
  });

  it('rejects only with a reason, sent with the decision', async () => {
    const user = userEvent.setup();
    const batch = pending(3, '42000.00', true);
    const writes = network([batch], () =>
      Promise.resolve(json(200, { ...detailOf(batch), status: 'rejected', rejection_reason: 'Betald' })),
    );
    renderInbox();
    await screen.findByRole('button', { name: /Leverantörer 3/ });

    await user.keyboard('r');
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    expect(within(dialog).getByText('Give a reason.')).toBeTruthy();
    expect(writes).toHaveLength(0);
    await user.type(within(dialog).getByLabelText('Reason for rejection'), 'Already paid');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await vi.waitFor(() => expect(writes).toHaveLength(1));
    expect(writes[0]).toMatchObject({
      path: `/api/approvals/${batch.id}/reject`,
      body: { reason: 'Already paid' },
    });
  });

  it('is read-only without the right to decide: no buttons, no dialog from the keyboard', async () => {
    const user = userEvent.setup();
    const writes = network([pending(4, '42000.00', false)], () => Promise.resolve(json(500, {})));
    renderInbox();
    await screen.findByRole('button', { name: /Leverantörer 4/ });
    expect(screen.getByText(/You see the approvals inbox but cannot decide/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    await user.keyboard('a');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(writes).toHaveLength(0);
  });
});
