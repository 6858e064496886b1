import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { nextBankDay } from '../../banking/bank-days';
import { parseBankgiro } from '../../banking/bankgiro';
import { todayInStockholm } from '../../banking/dates';
import type { PaymentBatch } from '../../contract/payments';
import { selectRows } from '../db/rows';
import { accountBalances, bankAccounts, companies, koncerner } from '../db/schema';
import type { RunningApi } from '../server';
import { SANDBOX_CLOSED_BANKGIRO } from './bank';

const ACCOUNT = 'acct_bankclock001';

describe('the sandbox bank', () => {
  it('names a closed bankgiro that is a valid bankgiro number', () => {
    expect(parseBankgiro(SANDBOX_CLOSED_BANKGIRO).ok).toBe(true);
  });
});

describe.each(testEngines)('the sandbox bank clock (FINVIS_BANK_SPEED) on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let token: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    // One step a second: the whole round trip in a few seconds.
    api = await startTestApi(database.handle, { config: { bankSpeedSeconds: 1 } });
    const client = await createTestClient(database.handle.db, 'clock', ['read:payments', 'write:payments']);
    const db = database.handle.db;
    await db.insert(koncerner).values({ id: 'kon_bankclock01', tenantId: client.tenantId, name: 'Klocka' });
    await db.insert(companies).values({
      id: 'co_bankclock001',
      tenantId: client.tenantId,
      koncernId: 'kon_bankclock01',
      name: 'Klocka AB',
      country: 'SE',
      functionalCurrency: 'SEK',
    });
    await db.insert(bankAccounts).values({
      id: ACCOUNT,
      tenantId: client.tenantId,
      companyId: 'co_bankclock001',
      name: 'Drift',
      bankName: 'SEB',
      bic: 'ESSESESS',
      clearingNumber: '5839',
      accountNumber: '8257466',
      currency: 'SEK',
      kind: 'operating',
      openedOn: '2020-01-01',
    });
    await db.insert(accountBalances).values({
      tenantId: client.tenantId,
      accountId: ACCOUNT,
      balanceDate: todayInStockholm(),
      bookedMinor: 1_000_000n,
      availableMinor: 1_000_000n,
      asOf: new Date(),
    });
    token = await fetchToken(api.url, client);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  function post(path: string, user: string, body?: unknown) {
    return fetch(`${api.url}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'idempotency-key': randomUUID(),
        'finvis-acting-user': user,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }

  it('runs an approved batch through the bank at demo speed, and stops with the server', async () => {
    const execution = nextBankDay(todayInStockholm());
    const created = (await (
      await post('/public/payments/batches', 'treasurer', {
        debtor_account_id: ACCOUNT,
        payments: [
          {
            creditor: { name: 'Leverantör AB', bankgiro: '5050-1055' },
            amount: { amount: '100.00', currency: 'SEK' },
            execution_date: execution,
            remittance: { ocr: '1234567897' },
          },
        ],
      })
    ).json()) as PaymentBatch;
    const submitted = (await (
      await post(`/public/payments/batches/${created.id}/submit`, 'treasurer')
    ).json()) as PaymentBatch;
    const approvalId = submitted.approval?.id ?? '';
    expect((await post(`/public/approvals/${approvalId}/approve`, 'anna')).status).toBe(200);
    expect((await post(`/public/approvals/${approvalId}/approve`, 'bo')).status).toBe(200);

    await vi.waitFor(
      async () => {
        const response = await fetch(`${api.url}/public/payments/batches/${created.id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        expect(((await response.json()) as PaymentBatch).status).toBe('executed');
      },
      { timeout: 15_000, interval: 200 },
    );
    const [balance] = await selectRows<{ booked_minor: string }>(
      database.handle.db,
      sql`select booked_minor::text from account_balances where account_id = ${ACCOUNT} and balance_date = ${execution}`,
    );
    expect(balance?.booked_minor).toBe('990000');
    // The booking is announced like any other: a transaction.created event with the public transaction.
    const booked = await selectRows<{ payload: { type: string; data: Record<string, unknown> } }>(
      database.handle.db,
      sql`select payload from outbox where type = 'transaction.created' and payload->'data'->>'account_id' = ${ACCOUNT}`,
    );
    expect(booked).toHaveLength(1);
    expect(booked[0]?.payload.data).toMatchObject({
      account_id: ACCOUNT,
      booking_date: execution,
      amount: { amount: '-100.00', currency: 'SEK' },
      counterparty_name: 'Leverantör AB',
      ocr: '1234567897',
      reconciliation_state: 'unreconciled',
    });
  });
});
