import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Transaction } from '../../src/contract/ledger';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  receivedAt: number;
}

/**
 * A real HTTP server standing in for an integrator's webhook endpoint: it records every delivery and
 * answers with `respond` (by default 204). `respond` may leave the response open to play a slow receiver.
 */
export async function startWebhookReceiver(
  respond: (delivery: ReceivedDelivery, response: ServerResponse, index: number) => void = (_d, response) => {
    response.writeHead(204).end();
  },
): Promise<{
  url: string;
  port: number;
  deliveries: ReceivedDelivery[];
  setResponder(next: typeof respond): void;
  close(): Promise<void>;
}> {
  const deliveries: ReceivedDelivery[] = [];
  let responder = respond;
  const server: Server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const delivery = {
        headers: incoming.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        receivedAt: Date.now(),
      };
      deliveries.push(delivery);
      responder(delivery, response, deliveries.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    deliveries,
    setResponder(next) {
      responder = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `check` until it holds or `timeoutMs` passes. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A transaction as the API shows it, for events whose content does not matter to the test. */
export function sampleTransaction(n: number): Transaction {
  return {
    id: `txn_sample${String(n).padStart(6, '0')}`,
    account_id: 'acct_sample000001',
    booking_date: '2026-11-25',
    value_date: '2026-11-25',
    amount: { amount: `${n}.00`, currency: 'SEK' },
    counterparty_name: 'Kund AB',
    counterparty_account: null,
    ocr: null,
    message: `n=${n}`,
    bank_reference: `REF-${n}`,
    end_to_end_id: null,
    category: null,
    intra_group: false,
    reconciliation_state: 'unreconciled',
  };
}
