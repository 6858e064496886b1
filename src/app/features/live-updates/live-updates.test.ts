import { describe, expect, it } from 'vitest';
import type { LiveEvent } from './event-stream';
import { queryKeysTouchedBy } from './invalidations';
import { createSseParser, type SseMessage } from './sse-parser';

describe('the event stream parser', () => {
  it('reads events split anywhere across chunks, skips heartbeats, and joins data lines', () => {
    const messages: SseMessage[] = [];
    const feed = createSseParser((message) => messages.push(message));
    const wire =
      'retry: 2000\n\n: heartbeat\n\nid: evt_1\nevent: payment.status.updated\ndata: {"a":1}\n\n' +
      'event: reset\ndata: {}\n\nid: evt_2\ndata: line one\ndata: line two\r\n\r\n';
    for (let i = 0; i < wire.length; i += 7) feed(wire.slice(i, i + 7));
    expect(messages).toEqual([
      { id: 'evt_1', event: 'payment.status.updated', data: '{"a":1}' },
      { id: null, event: 'reset', data: '{}' },
      { id: 'evt_2', event: 'message', data: 'line one\nline two' },
    ]);
  });
});

function event(type: LiveEvent['type'], data: Record<string, unknown>): LiveEvent {
  return { id: 'evt_01', type, created_at: '2026-11-25T10:00:00Z', data };
}

describe('what an event makes stale', () => {
  it('a payment status: that batch, the lists, approvals and the money figures', () => {
    expect(
      queryKeysTouchedBy(event('payment.status.updated', { id: 'batch_1', status: 'approved' })),
    ).toEqual([
      ['payment-batches', 'detail', 'batch_1'],
      ['payment-batches', 'list'],
      ['approvals'],
      ['positions'],
      ['cashflow'],
    ]);
  });

  it('an executed batch has been booked: the ledger too', () => {
    const keys = queryKeysTouchedBy(event('payment.status.updated', { id: 'batch_1', status: 'executed' }));
    expect(keys).toContainEqual(['accounts']);
    expect(keys).toContainEqual(['transactions']);
  });

  it('a new transaction: transactions, accounts, positions and cashflow, and not payments', () => {
    expect(queryKeysTouchedBy(event('transaction.created', { id: 'txn_1' }))).toEqual([
      ['transactions'],
      ['accounts'],
      ['positions'],
      ['cashflow'],
    ]);
  });
});
