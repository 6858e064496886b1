// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PaymentBatch } from '../../../contract/payments';
import { I18nProvider } from '../../lib/i18n';
import { BatchPage } from './BatchPage';
import { NewBatchPage } from './NewBatchPage';

// The identity provider is the edge of the world here: the person is signed in as the treasurer.
vi.mock('../../auth/auth', () => ({
  useAuth: () => ({ status: 'signed-in', person: { name: 'David Holm', roles: ['treasurer'] } }),
  useCan: () => true,
  auth: { accessToken: () => Promise.resolve('user-token') },
}));

const KONCERN = 'kon_demo0001';
const COMPANY = 'co_demo0001';
const ACCOUNT = 'acct_drift0001';
const BATCH = 'batch_06h17gs8523r158y3t';

const david = { type: 'user' as const, id: 'usr_david_holm', name: 'David Holm' };

function batch(status: PaymentBatch['status']): PaymentBatch {
  const at = '2026-11-25T10:00:00.000Z';
  return {
    id: BATCH,
    status,
    label: 'Leverantörer',
    debtor_account_id: ACCOUNT,
    company_id: COMPANY,
    payment_count: 1,
    totals: [{ amount: '18500.00', currency: 'SEK' }],
    total_sek: null,
    first_execution_date: '2026-11-26',
    last_execution_date: '2026-11-26',
    created_by: david,
    submitted_by: status === 'draft' ? null : david,
    submitted_at: status === 'draft' ? null : at,
    rejection_reason: null,
    created_at: at,
    updated_at: at,
    payments: [
      {
        id: 'pmt_line00000001',
        position: 0,
        creditor: { name: 'Fastighets AB Kvarnen', kind: 'bankgiro', bankgiro: '50501055' },
        amount: { amount: '18500.00', currency: 'SEK' },
        execution_date: '2026-11-26',
        remittance: { ocr: '1234567897' },
        end_to_end_id: 'pmt_line00000001',
        status: 'pending',
        rejection_reason: null,
        transaction_id: null,
        first_payment_to_creditor: null,
      },
    ],
    history: [{ from: null, to: 'draft', actor: david, reason: null, at }],
    approval: null,
  };
}

const account = {
  id: ACCOUNT,
  company_id: COMPANY,
  koncern_id: KONCERN,
  name: 'Drift SEK',
  bank_name: 'SEB',
  bic: 'ESSESESS',
  iban: 'SE4550000000058398257466',
  clearing_number: '5839',
  account_number: '8257466',
  bankgiro: null,
  currency: 'SEK',
  kind: 'operating',
  cash_pool_top_id: null,
  opened_on: '2020-01-01',
  balance: null,
};

const koncern = {
  id: KONCERN,
  name: 'Demo Koncern',
  reporting_currency: 'SEK',
  parent_company_id: COMPANY,
  created_at: '2026-01-01T00:00:00.000Z',
};

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

interface Write {
  path: string;
  key: string | null;
  body: unknown;
}

/**
 * The network as the browser sees it. Writes are recorded with their Idempotency-Key; `answerWrite`
 * decides each answer, and may hold it back (a pending promise) to let a second click land meanwhile.
 */
function network(answerWrite: (write: Write, index: number) => Promise<Response>) {
  const writes: Write[] = [];
  const fetchMock = vi.fn<typeof fetch>(async (input) => {
    const request = input instanceof Request ? input : new Request(String(input));
    const path = new URL(request.url).pathname;
    if (request.method === 'POST') {
      const write = {
        path,
        key: request.headers.get('idempotency-key'),
        body: JSON.parse((await request.text()) || 'null') as unknown,
      };
      writes.push(write);
      return answerWrite(write, writes.length - 1);
    }
    if (path === '/api/koncerner') return json(200, { results: [koncern], next_cursor: null });
    if (path === '/api/accounts') return json(200, { results: [account], next_cursor: null });
    if (path === `/api/payments/batches/${BATCH}`) return json(200, batch('draft'));
    return json(404, { type: 'about:blank', title: 'Not Found', status: 404 });
  });
  vi.stubGlobal('fetch', fetchMock);
  return writes;
}

function deferred() {
  let settle: { resolve: (response: Response) => void; reject: (error: Error) => void } | undefined;
  const promise = new Promise<Response>((resolve, reject) => {
    settle = { resolve, reject };
  });
  if (!settle) throw new Error('unreachable');
  return { promise, ...settle };
}

function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <I18nProvider initial="en">
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/payments/new" element={<NewBatchPage />} />
            <Route path="/payments/:id" element={<BatchPage />} />
          </Routes>
        </MemoryRouter>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('writes are made once per intent', () => {
  it('submits once on a double click, and retries a lost answer with the same Idempotency-Key', async () => {
    const user = userEvent.setup();
    const first = deferred();
    const writes = network((_write, index) =>
      index === 0 ? first.promise : Promise.resolve(json(200, batch('pending_approval'))),
    );
    renderAt(`/payments/${BATCH}`);

    const submit = await screen.findByRole('button', { name: 'Submit for approval' });
    await user.dblClick(submit);
    expect(writes).toHaveLength(1);
    expect(writes[0]?.path).toBe(`/api/payments/batches/${BATCH}/submit`);
    expect(writes[0]?.key).toMatch(/^[0-9a-f-]{36}$/);

    first.reject(new TypeError('Failed to fetch'));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'That did not work: Failed to fetch Try again: the same request is sent, nothing happens twice.',
    );
    await user.click(screen.getByRole('button', { name: 'Submit for approval' }));
    await vi.waitFor(() => expect(screen.getByTestId('batch-status').textContent).toBe('Pending approval'));
    expect(writes).toHaveLength(2);
    expect(writes[1]?.key).toBe(writes[0]?.key);
  });

  it('creates one batch per intent: a double click sends once, a retry reuses the key, a change gets a new one', async () => {
    const user = userEvent.setup();
    const first = deferred();
    const writes = network((_write, index) =>
      index === 0
        ? first.promise
        : index === 1
          ? Promise.resolve(
              json(400, {
                type: 'https://finvis.se/problems/validation',
                title: 'Invalid request',
                status: 400,
                errors: [{ path: '/payments/0/creditor/bankgiro', message: 'bankgiro 5050-1055 is closed' }],
              }),
            )
          : Promise.resolve(json(201, batch('draft'))),
    );
    renderAt('/payments/new');

    const line = await screen.findByTestId('line-0');
    await screen.findByRole('option', { name: 'Drift SEK (SEB, SEK)' });
    await user.type(within(line).getByLabelText('Creditor'), 'Fastighets AB Kvarnen');
    await user.type(within(line).getByLabelText('Bankgiro number'), '5050-1055');
    await user.type(within(line).getByLabelText('Amount (SEK)'), '18 500,00');
    await user.type(within(line).getByLabelText('OCR reference'), '1234567890');
    expect(within(line).getByLabelText('OCR reference').getAttribute('aria-invalid')).toBe('true');
    await user.clear(within(line).getByLabelText('OCR reference'));
    await user.type(within(line).getByLabelText('OCR reference'), '1234567897');
    expect(within(line).getByLabelText('OCR reference').getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByTestId('new-batch-total').textContent).toBe('Total: SEK\u00a018,500.00');

    await user.dblClick(screen.getByRole('button', { name: 'Save as draft' }));
    expect(writes).toHaveLength(1);
    expect(writes[0]?.body).toMatchObject({
      debtor_account_id: ACCOUNT,
      payments: [
        {
          creditor: { name: 'Fastighets AB Kvarnen', bankgiro: '5050-1055' },
          amount: { amount: '18500.00', currency: 'SEK' },
          remittance: { ocr: '1234567897' },
        },
      ],
    });

    // The answer is lost: the same request again carries the same key (the server replays, never repeats).
    first.reject(new TypeError('Failed to fetch'));
    await screen.findByText(/Try again: the same request is sent/);
    await user.click(screen.getByRole('button', { name: 'Save as draft' }));
    expect(writes).toHaveLength(2);
    expect(writes[1]?.key).toBe(writes[0]?.key);

    // The server names a line and field: the error stands on that field.
    const bankgiro = within(screen.getByTestId('line-0')).getByLabelText('Bankgiro number');
    await vi.waitFor(() => expect(bankgiro.getAttribute('aria-invalid')).toBe('true'));
    expect(within(screen.getByTestId('line-0')).getByText('bankgiro 5050-1055 is closed')).toBeTruthy();

    // A changed request is a new intent with a new key.
    await user.type(within(screen.getByTestId('line-0')).getByLabelText('Creditor'), ' i Gävle');
    expect(bankgiro.getAttribute('aria-invalid')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Save as draft' }));
    expect((await screen.findByTestId('batch-status')).textContent).toBe('Draft');
    expect(writes).toHaveLength(3);
    expect(writes[2]?.key).not.toBe(writes[0]?.key);
    expect(writes[2]?.body).toMatchObject({
      payments: [{ creditor: { name: 'Fastighets AB Kvarnen i Gävle' } }],
    });
  });
});
