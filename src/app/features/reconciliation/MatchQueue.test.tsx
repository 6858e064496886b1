// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReconciliationMatch } from '../../../contract/reconciliation';
import { jsonResponse } from '../../test/fetch-stub';
import { I18nProvider } from '../../lib/i18n';
import { MatchQueue } from './MatchQueue';

// The identity provider is the edge of the world here: a treasurer is signed in (a CFO where a test says so).
const signedIn = vi.hoisted(() => ({ mayDecide: true }));
vi.mock('../../auth/auth', () => ({
  useAuth: () => ({ status: 'signed-in', person: { name: 'David Holm', roles: ['treasurer'] } }),
  useCan: () => signedIn.mayDecide,
  auth: { accessToken: () => Promise.resolve('user-token') },
}));

function proposal(n: number, confidence: number, amount: string, reasons: ReconciliationMatch['reasons']) {
  return {
    id: `match_0000000${n}`,
    status: 'proposed',
    confidence,
    auto_confirmed: false,
    reasons,
    account_id: 'acct_bankgiro01',
    company_id: 'co_demo0001',
    booking_date: '2026-11-24',
    transactions: [
      { id: `txn_0000000${n}`, booking_date: '2026-11-24', amount: { amount, currency: 'SEK' } },
    ],
    open_items: [
      {
        id: `oi_0000000${n}`,
        external_id: `F-100${n}`,
        kind: 'receivable',
        counterparty_name: `Kund ${n} AB`,
        applied: { amount: '1000.00', currency: 'SEK' },
      },
    ],
    difference: { amount: '0.00', currency: 'SEK' },
    proposed_at: '2026-11-25T08:00:00.000Z',
    decided_at: null,
    decided_by: null,
  } satisfies ReconciliationMatch;
}

const ocrMatch = proposal(1, 0.99, '1000.00', [
  { code: 'ocr_exact', detail: 'OCR 1234 on the payment and the invoice' },
  { code: 'amount_exact', detail: '1000.00 SEK as invoiced' },
]);
const feeMatch = {
  ...proposal(2, 0.96, '987.50', [
    {
      code: 'amount_within_tolerance',
      detail:
        'paid 987.50 SEK for 1000.00 SEK: 12.50 SEK short (bank fee or FX difference, within tolerance)',
    },
    { code: 'counterparty_name', detail: 'payer "KUND 2" and counterparty "Kund 2 AB" are 83 % alike' },
  ]),
  difference: { amount: '-12.50', currency: 'SEK' },
};
const nameOnly = proposal(3, 0.72, '1000.00', [
  { code: 'amount_exact', detail: '1000.00 SEK as invoiced' },
  { code: 'date_distance', detail: 'booked 3 days after the due date' },
]);

interface Write {
  path: string;
  key: string | null;
  body: unknown;
}

/** The BFF as the queue sees it; `answer` decides each write. */
function network(queue: ReconciliationMatch[], answer: (write: Write) => Response | Promise<Response>) {
  const writes: Write[] = [];
  let live = [...queue];
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
        const response = await answer(write);
        if (response.ok) live = live.filter((match) => !path.includes(match.id));
        return response;
      }
      if (path === '/api/koncerner') {
        return jsonResponse(200, {
          results: [
            { id: 'kon_demo0001', name: 'Demo', parent_company_id: 'co_demo0001', tenant_id: 'demo' },
          ],
          next_cursor: null,
        });
      }
      if (path === '/api/reconciliation/matches')
        return jsonResponse(200, { results: live, next_cursor: null });
      return jsonResponse(200, { results: [], next_cursor: null });
    }),
  );
  return writes;
}

const confirmed = (write: Write) => {
  const id = /matches\/([^/]+)\//.exec(write.path)?.[1] ?? '';
  return jsonResponse(200, { ...proposal(1, 0.99, '1000.00', []), id, status: 'confirmed' });
};

function renderQueue() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <I18nProvider initial="en">
        <MemoryRouter>
          <MatchQueue koncernId="kon_demo0001" />
        </MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

const cards = () =>
  within(screen.getByTestId('match-queue')).getAllByRole('listitem', { name: /Confidence/ });

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
  signedIn.mayDecide = true;
});

describe('the match queue', () => {
  it('lists proposals by confidence with the reasons in words, and is worked with j/k, c and x', async () => {
    const user = userEvent.setup();
    const writes = network([nameOnly, feeMatch, ocrMatch], (write) =>
      write.path.endsWith('/reject')
        ? jsonResponse(200, { ...nameOnly, status: 'rejected' })
        : confirmed(write),
    );
    renderQueue();

    await screen.findByTestId('match-queue');
    expect(cards().map((card) => card.getAttribute('data-match-id'))).toEqual([
      ocrMatch.id,
      feeMatch.id,
      nameOnly.id,
    ]);
    const [first, second, third] = cards();
    expect(first?.textContent).toContain('Confidence 99%');
    expect(first?.textContent).toContain('OCR matches');
    expect(second?.textContent).toContain('Amount differs by SEK\u00a012.50 (fee or FX)');
    expect(second?.textContent).toContain('Names 83 % alike');
    expect(second?.textContent).toContain('Payer: KUND 2');
    expect(third?.textContent).toContain('Booked 3 days after the due date');
    expect(first?.getAttribute('aria-current')).toBe('true');

    await user.keyboard('j');
    expect(cards()[1]?.getAttribute('aria-current')).toBe('true');
    await user.keyboard('j');
    await user.keyboard('k');
    expect(cards()[1]?.getAttribute('aria-current')).toBe('true');

    // c confirms the current one at once; the next one becomes current.
    await user.keyboard('c');
    await vi.waitFor(() => expect(cards()).toHaveLength(2));
    expect(writes).toHaveLength(1);
    expect(writes[0]?.path).toBe(`/api/reconciliation/matches/${feeMatch.id}/confirm`);
    expect(writes[0]?.key).toMatch(/^[0-9a-f-]{36}$/);
    expect(cards()[1]?.getAttribute('data-match-id')).toBe(nameOnly.id);
    expect(cards()[1]?.getAttribute('aria-current')).toBe('true');

    // x asks first, with an optional reason that travels with the rejection.
    await user.keyboard('x');
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('Reject the match of SEK\u00a01,000.00?');
    await user.type(within(dialog).getByLabelText('Reason (optional)'), 'Wrong customer');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));
    await vi.waitFor(() => expect(writes).toHaveLength(2));
    expect(writes[1]).toMatchObject({
      path: `/api/reconciliation/matches/${nameOnly.id}/reject`,
      body: { reason: 'Wrong customer' },
    });
    await vi.waitFor(() => expect(cards()).toHaveLength(1));
  });

  it('confirms the high-confidence ones together and says what succeeded and what failed', async () => {
    const user = userEvent.setup();
    // The server holds its answers until the progress has been seen.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const writes = network([ocrMatch, feeMatch, nameOnly], async (write) => {
      await held;
      return write.path.includes(feeMatch.id)
        ? jsonResponse(409, {
            type: 'https://finvis.se/problems/conflict',
            title: 'Match already decided',
            status: 409,
            detail: `Match ${feeMatch.id} is confirmed; only a proposed match can be confirmed.`,
          })
        : confirmed(write);
    });
    renderQueue();
    await screen.findByTestId('match-queue');

    await user.click(screen.getByRole('button', { name: 'Select all at 90 % or more' }));
    expect(screen.getByTestId('selected-count').textContent).toBe('2 selected');
    await user.click(screen.getByRole('button', { name: 'Confirm selected' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('heading').textContent).toBe('Confirm 2 matches?');
    expect(writes).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));

    const progress = await screen.findByRole('progressbar', { name: 'Confirming 0 of 2…' });
    expect(progress.getAttribute('max')).toBe('2');
    release();
    expect((await screen.findByTestId('bulk-summary')).textContent).toBe('1 confirmed, 1 failed.');
    expect(screen.getByTestId('bulk-progress').textContent).toContain(
      `${feeMatch.id}: Match ${feeMatch.id} is confirmed; only a proposed match can be confirmed.`,
    );
    expect(writes.map((write) => write.path).sort()).toEqual(
      [
        `/api/reconciliation/matches/${feeMatch.id}/confirm`,
        `/api/reconciliation/matches/${ocrMatch.id}/confirm`,
      ].sort(),
    );
    expect(new Set(writes.map((write) => write.key)).size).toBe(2);
    // The low-confidence proposal was never selected and stays; the refused one is shown again.
    await vi.waitFor(() =>
      expect(cards().map((card) => card.getAttribute('data-match-id'))).toEqual([feeMatch.id, nameOnly.id]),
    );
  });

  it('is read-only for a person who may not decide: no buttons, no selection, and c, x and space do nothing', async () => {
    signedIn.mayDecide = false;
    const user = userEvent.setup();
    const split = {
      ...proposal(4, 0.88, '600.00', [
        { code: 'partial_payment', detail: '2 payments totalling 1000.00 SEK' },
      ]),
      transactions: [
        { id: 'txn_00000041', booking_date: '2026-11-20', amount: { amount: '600.00', currency: 'SEK' } },
        { id: 'txn_00000042', booking_date: '2026-11-24', amount: { amount: '400.00', currency: 'SEK' } },
      ],
    };
    const writes = network([ocrMatch, feeMatch, split], confirmed);
    renderQueue();
    await screen.findAllByRole('listitem', { name: /Confidence/ });
    expect(cards()).toHaveLength(3);
    // A card names its transactions in the plural when it holds several.
    expect(
      within(cards()[0] as HTMLElement).getByRole('heading', { level: 4, name: 'Bank transaction' }),
    ).toBeTruthy();
    expect(
      within(cards()[2] as HTMLElement).getByRole('heading', { level: 4, name: 'Bank transactions' }),
    ).toBeTruthy();
    expect(screen.getByText(/You see the queue read-only/)).toBeTruthy();
    expect(screen.getByText('Keyboard: j/k next/previous.')).toBeTruthy();
    const queue = screen.getByTestId('match-queue');
    expect(within(queue).queryByRole('button')).toBeNull();
    expect(within(queue).queryByRole('checkbox')).toBeNull();
    expect(screen.queryByRole('button', { name: /Select/ })).toBeNull();
    await user.keyboard('jcx ');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(writes).toEqual([]);
  });
});
