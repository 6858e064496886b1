import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { validateXML } from 'xmllint-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { addDays, isoWeekday, todayInStockholm, type IsoDate } from '../../banking/dates';
import { isBankDay, nextBankDay, previousBankDay } from '../../banking/bank-days';
import { bankgiroWithCheckDigit } from '../../banking/bankgiro';
import type { PaymentBatch, PaymentBatchList, PendingApprovalList } from '../../contract/payments';
import type { Problem } from '../../contract/problem';
import { paymentStatusUpdatedEvent } from '../../contract/webhooks';
import type { Database } from '../db/client';
import { selectRows } from '../db/rows';
import { accountBalances, bankAccounts, companies, fxRates, koncerner } from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import { DEFAULT_APPROVAL_POLICY, saveApprovalPolicy } from '../payments/policy';
import { advanceSandboxBank, SANDBOX_CLOSED_BANKGIRO } from '../sandbox-bank/bank';
import type { RunningApi } from '../server';

const KONCERN = 'kon_paykoncern01';
const COMPANY = 'co_paycompany001';
const SEK_ACCOUNT = 'acct_paysek000001';
const EUR_ACCOUNT = 'acct_payeur000001';
const OPENING = 100_000_000_00n; // SEK 100,000,000.00 in öre

const today = todayInStockholm();
const EXEC = nextBankDay(today);
const XSD_DIR = resolve(import.meta.dirname, '../../../../shared/fixtures/iso20022/xsd');
/** The official XSDs live in ../shared/fixtures; without them the XML is checked structurally only. */
const XSDS_PRESENT =
  existsSync(resolve(XSD_DIR, 'pain.001.001.03.xsd')) && existsSync(resolve(XSD_DIR, 'pain.001.001.09.xsd'));
if (!XSDS_PRESENT) process.stderr.write(`pain.001 XSD validation NOT RUN: no official XSDs in ${XSD_DIR}\n`);

/** A fresh valid bankgiro per call, so that each test controls whether a creditor was paid before. */
let bankgiroCounter = 1_000_000;
function freshBankgiro(): string {
  bankgiroCounter += 7;
  return bankgiroWithCheckDigit(String(bankgiroCounter));
}

async function insertFixture(db: Database, tenantId: string): Promise<void> {
  await db.insert(koncerner).values({ id: KONCERN, tenantId, name: 'Betal Koncern' });
  await db.insert(companies).values({
    id: COMPANY,
    tenantId,
    koncernId: KONCERN,
    name: 'Betal AB',
    orgNumber: '5560000001',
    country: 'SE',
    functionalCurrency: 'SEK',
  });
  await db.insert(bankAccounts).values([
    {
      id: SEK_ACCOUNT,
      tenantId,
      companyId: COMPANY,
      name: 'Drift SEK',
      bankName: 'SEB',
      bic: 'ESSESESS',
      iban: 'SE4550000000058398257466',
      clearingNumber: '5839',
      accountNumber: '8257466',
      currency: 'SEK',
      kind: 'operating',
      openedOn: '2020-01-01',
    },
    {
      id: EUR_ACCOUNT,
      tenantId,
      companyId: COMPANY,
      name: 'Drift EUR',
      bankName: 'SEB',
      bic: 'ESSESESS',
      iban: 'SE7280000810340009783242',
      currency: 'EUR',
      kind: 'operating',
      openedOn: '2020-01-01',
    },
  ]);
  const prior = previousBankDay(today);
  for (const date of [prior, today]) {
    await db.insert(accountBalances).values([
      {
        tenantId,
        accountId: SEK_ACCOUNT,
        balanceDate: date,
        bookedMinor: OPENING,
        availableMinor: OPENING,
        source: 'bank',
        asOf: new Date(),
      },
      {
        tenantId,
        accountId: EUR_ACCOUNT,
        balanceDate: date,
        bookedMinor: 1_000_000_00n,
        availableMinor: 1_000_000_00n,
        source: 'bank',
        asOf: new Date(),
      },
    ]);
  }
  await db
    .insert(fxRates)
    .values({ currency: 'EUR', rateDate: prior, sekPerUnit: '11.500000' })
    .onConflictDoNothing();
}

interface CallOptions {
  body?: unknown;
  key?: string;
  user?: string | null;
  name?: string;
  roles?: string;
  token?: string;
}

describe.each(testEngines)('payments and approvals on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let token: string;
  let readToken: string;
  let otherTenantToken: string;
  let tenantId: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    // The API's day is the test's, so a run across midnight in Stockholm holds.
    api = await startTestApi(database.handle, { today: () => today });
    const client = await createTestClient(
      database.handle.db,
      'payer',
      ['read:payments', 'write:payments'],
      1_000_000,
    );
    tenantId = client.tenantId;
    await insertFixture(database.handle.db, tenantId);
    token = await fetchToken(api.url, client);
    readToken = await fetchToken(api.url, client, 'read:payments');
    otherTenantToken = await fetchToken(
      api.url,
      await createTestClient(database.handle.db, 'payer-other', ['read:payments', 'write:payments']),
    );
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  function call(method: string, path: string, options: CallOptions = {}) {
    const headers: Record<string, string> = { authorization: `Bearer ${options.token ?? token}` };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (method === 'POST') headers['idempotency-key'] = options.key ?? randomUUID();
    const user = options.user === undefined ? 'treasurer@betal.se' : options.user;
    if (user !== null) headers['finvis-acting-user'] = user;
    if (options.name) headers['finvis-acting-user-name'] = encodeURIComponent(options.name);
    if (options.roles) headers['finvis-acting-user-roles'] = options.roles;
    return fetch(`${api.url}${path}`, {
      method,
      headers,
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  }

  function line(overrides: Record<string, unknown> = {}) {
    return {
      creditor: { name: 'Leverantör AB', bankgiro: '5050-1055' },
      amount: { amount: '12500.00', currency: 'SEK' },
      execution_date: EXEC,
      remittance: { ocr: '1234567897' },
      end_to_end_id: 'INV-88812',
      ...overrides,
    };
  }

  async function create(payments: unknown[], account = SEK_ACCOUNT): Promise<PaymentBatch> {
    const response = await call('POST', '/public/payments/batches', {
      body: { debtor_account_id: account, label: 'Supplier run', payments },
    });
    const text = await response.text();
    expect(response.status, text).toBe(201);
    return JSON.parse(text) as PaymentBatch;
  }

  async function submit(batchId: string, user = 'treasurer@betal.se'): Promise<PaymentBatch> {
    const response = await call('POST', `/public/payments/batches/${batchId}/submit`, { user });
    const text = await response.text();
    expect(response.status, text).toBe(200);
    return JSON.parse(text) as PaymentBatch;
  }

  function approve(approvalId: string, user: string, roles?: string, key?: string) {
    return call('POST', `/public/approvals/${approvalId}/approve`, {
      user,
      ...(roles ? { roles } : {}),
      ...(key ? { key } : {}),
    });
  }

  function approvalOf(batch: PaymentBatch): string {
    const id = batch.approval?.id;
    if (!id) throw new Error(`batch ${batch.id} has no approval`);
    return id;
  }

  async function getBatch(id: string): Promise<PaymentBatch> {
    const response = await call('GET', `/public/payments/batches/${id}`);
    expect(response.status).toBe(200);
    return (await response.json()) as PaymentBatch;
  }

  /** Pays `bankgiro` once (a small batch approved by two), so it is no longer a first payment. */
  async function makeKnown(bankgiro: string): Promise<void> {
    const batch = await submit((await create([line({ creditor: { name: 'Känd AB', bankgiro } })])).id);
    const approvalId = approvalOf(batch);
    expect((await approve(approvalId, 'known-a')).status).toBe(200);
    expect((await approve(approvalId, 'known-b')).status).toBe(200);
  }

  async function expectProblem(response: Response, status: number): Promise<Problem> {
    const text = await response.text();
    expect(response.status, text).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return JSON.parse(text) as Problem;
  }

  describe('validation', () => {
    it('names each failing line and field', async () => {
      const saturday = (() => {
        let d: IsoDate = addDays(today, 1);
        while (isoWeekday(d) !== 6) d = addDays(d, 1);
        return d;
      })();
      const response = await call('POST', '/public/payments/batches', {
        body: {
          debtor_account_id: SEK_ACCOUNT,
          payments: [
            line(),
            line({ creditor: { name: 'A', bankgiro: '5050-1056' } }),
            line({ remittance: { ocr: '1234567897', message: 'both' } }),
            line({ remittance: { ocr: '1234567890' } }),
            line({ execution_date: saturday }),
            line({ amount: { amount: '-5.00', currency: 'SEK' } }),
            line({ amount: { amount: '0.00', currency: 'SEK' } }),
            line({ amount: { amount: '10.00', currency: 'EUR' } }),
            line({ creditor: { name: 'B', plusgiro: '90 01 62-8' } }),
            line({ creditor: { name: 'C', bankgiro: '5050-1055', plusgiro: '9001629' } }),
            line({ creditor: { name: 'D', iban: 'SE45 5000 0000 0583 9825 7467' } }),
            line({ amount: { amount: '1.001', currency: 'SEK' } }),
          ],
        },
      });
      const problem = await expectProblem(response, 400);
      const paths = (problem.errors ?? []).map((e) => e.path);
      expect(paths).toEqual([
        '/payments/1/creditor/bankgiro',
        '/payments/2/remittance',
        '/payments/3/remittance/ocr',
        '/payments/4/execution_date',
        '/payments/5/amount/amount',
        '/payments/6/amount/amount',
        '/payments/7/amount/currency',
        '/payments/8/creditor/plusgiro',
        '/payments/9/creditor',
        '/payments/10/creditor/iban',
        '/payments/11/amount/amount',
      ]);
      const byPath = new Map((problem.errors ?? []).map((e) => [e.path, e.message]));
      expect(byPath.get('/payments/1/creditor/bankgiro')).toMatch(/check digit/);
      expect(byPath.get('/payments/4/execution_date')).toMatch(/not a Swedish bank day/);
      expect(byPath.get('/payments/5/amount/amount')).toMatch(/greater than zero/);
      expect(byPath.get('/payments/7/amount/currency')).toMatch(
        /must be in SEK, not EUR|not allowed for the debtor account/,
      );
    });

    it('refuses a payment whose currency the debtor account does not hold', async () => {
      const problem = await expectProblem(
        await call('POST', '/public/payments/batches', {
          body: { debtor_account_id: EUR_ACCOUNT, payments: [line()] },
        }),
        400,
      );
      expect(problem.errors?.map((e) => e.path)).toContain('/payments/0/amount/currency');
    });

    it('refuses 5,001 lines and an empty batch, and an account of another tenant', async () => {
      const many = Array.from({ length: 5001 }, () => line());
      const tooMany = await expectProblem(
        await call('POST', '/public/payments/batches', {
          body: { debtor_account_id: SEK_ACCOUNT, payments: many },
        }),
        400,
      );
      expect(tooMany.errors?.[0]).toMatchObject({ path: '/payments' });
      expect(tooMany.errors?.[0]?.message).toMatch(/5000/);
      const none = await expectProblem(
        await call('POST', '/public/payments/batches', {
          body: { debtor_account_id: SEK_ACCOUNT, payments: [] },
        }),
        400,
      );
      expect(none.errors?.[0]?.path).toBe('/payments');
      const foreign = await expectProblem(
        await call('POST', '/public/payments/batches', {
          body: { debtor_account_id: SEK_ACCOUNT, payments: [line()] },
          token: otherTenantToken,
        }),
        400,
      );
      expect(foreign.errors?.[0]?.path).toBe('/debtor_account_id');
    });

    it('accepts 5,000 lines, with a default execution date on the next bank day', async () => {
      const { execution_date: _omit, ...withoutDate } = line();
      const batch = await create(Array.from({ length: 5000 }, () => withoutDate));
      expect(batch.payment_count).toBe(5000);
      expect(batch.payments[4999]?.execution_date).toBe(nextBankDay(today));
      expect(isBankDay(batch.first_execution_date as IsoDate)).toBe(true);
      expect(batch.totals).toEqual([{ amount: '62500000.00', currency: 'SEK' }]);
      const submitted = await submit(batch.id);
      expect(submitted.total_sek).toEqual({ amount: '62500000.00', currency: 'SEK' });
      expect(submitted.approval).toMatchObject({ required_approvals: 3, required_role: 'cfo' });
    });
    it('judges execution dates by the day of the API in Stockholm', async () => {
      const later = addDays(EXEC, 14);
      const laterApi = await startTestApi(database.handle, { today: () => later });
      try {
        const client = await createTestClient(database.handle.db, 'payer', ['write:payments']);
        const response = await fetch(`${laterApi.url}/public/payments/batches`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${await fetchToken(laterApi.url, client)}`,
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify({ debtor_account_id: SEK_ACCOUNT, payments: [line()] }),
        });
        const problem = await expectProblem(response, 400);
        expect(problem.errors).toEqual([
          { path: '/payments/0/execution_date', message: `${EXEC} has passed (today is ${later})` },
        ]);
      } finally {
        await laterApi.close();
      }
    });
  });

  describe('the happy path', () => {
    it('goes draft → … → executed, booking the transactions and moving the balances', async () => {
      const bg = freshBankgiro();
      const created = await create([
        line({ creditor: { name: 'Ny Leverantör AB', bankgiro: bg } }),
        line({
          creditor: { name: 'Plus AB', plusgiro: '90 01 62-9' },
          amount: { amount: '2500.50', currency: 'SEK' },
          remittance: { message: 'Faktura 77' },
          end_to_end_id: 'INV-2',
        }),
      ]);
      expect(created.status).toBe('draft');
      expect(created.id).toMatch(/^batch_/);
      expect(created.payments[0]?.id).toMatch(/^pmt_/);
      expect(created.totals).toEqual([{ amount: '15000.50', currency: 'SEK' }]);
      expect(created.created_by).toEqual({ type: 'user', id: 'treasurer@betal.se', name: null });

      const submitted = await submit(created.id);
      expect(submitted.status).toBe('pending_approval');
      expect(submitted.history.map((h) => h.to)).toEqual(['draft', 'submitted', 'pending_approval']);
      expect(submitted.total_sek).toEqual({ amount: '15000.50', currency: 'SEK' });
      // Below SEK 100,000: one approver, plus one for the first payments to these creditor accounts.
      expect(submitted.approval).toMatchObject({
        status: 'pending',
        required_approvals: 2,
        required_role: null,
      });
      expect(submitted.payments.map((p) => p.first_payment_to_creditor)).toEqual([true, true]);
      const approvalId = approvalOf(submitted);
      expect(approvalId).toMatch(/^appr_/);

      const pending = await call('GET', '/public/approvals/pending', {
        user: 'anna@betal.se',
        token: readToken,
      });
      const pendingList = (await pending.json()) as PendingApprovalList;
      expect(pendingList.results.map((a) => a.id)).toContain(approvalId);
      const ownPending = (await (
        await call('GET', '/public/approvals/pending', { token: readToken })
      ).json()) as PendingApprovalList;
      expect(ownPending.results.map((a) => a.id)).not.toContain(approvalId);

      const first = await call('POST', `/public/approvals/${approvalId}/approve`, {
        user: 'anna@betal.se',
        name: 'Anna Åberg',
      });
      expect(first.status).toBe(200);
      const afterFirst = (await first.json()) as PaymentBatch;
      expect(afterFirst.status).toBe('pending_approval');
      expect(afterFirst.approval?.approvals_received).toBe(1);
      expect(afterFirst.approval?.decisions[0]?.approver).toEqual({
        type: 'user',
        id: 'anna@betal.se',
        name: 'Anna Åberg',
      });
      const second = await approve(approvalId, 'bo@betal.se');
      expect(((await second.json()) as PaymentBatch).status).toBe('approved');

      const day = EXEC;
      expect((await advanceSandboxBank(database.handle.db, { today: day })).moved).toContainEqual({
        batchId: created.id,
        status: 'sent_to_bank',
      });
      await advanceSandboxBank(database.handle.db, { today: day });
      expect((await getBatch(created.id)).status).toBe('accepted');
      // Before the execution date the bank waits.
      await advanceSandboxBank(database.handle.db, { today });
      expect((await getBatch(created.id)).status).toBe('accepted');
      await advanceSandboxBank(database.handle.db, { today: day });
      const executed = await getBatch(created.id);
      expect(executed.status).toBe('executed');
      expect(executed.history.map((h) => h.to)).toEqual([
        'draft',
        'submitted',
        'pending_approval',
        'approved',
        'sent_to_bank',
        'accepted',
        'executed',
      ]);
      expect(executed.history.at(-1)?.actor).toEqual({
        type: 'bank',
        id: 'sandbox-bank',
        name: 'Finvis sandbox bank',
      });
      expect(executed.payments.every((p) => p.status === 'executed' && p.transaction_id)).toBe(true);

      const booked = await selectRows<{ amount_minor: string; booking_date: string; end_to_end_id: string }>(
        database.handle.db,
        sql`select amount_minor::text, booking_date::text, end_to_end_id from transactions
            where account_id = ${SEK_ACCOUNT} and bank_reference like 'SBX-%' and id in
            (select transaction_id from payment_lines where batch_id = ${created.id}) order by amount_minor`,
      );
      expect(booked).toEqual([
        { amount_minor: '-1250000', booking_date: day, end_to_end_id: 'INV-88812' },
        { amount_minor: '-250050', booking_date: day, end_to_end_id: 'INV-2' },
      ]);
      const balances = await selectRows<{ balance_date: string; booked_minor: string }>(
        database.handle.db,
        sql`select balance_date::text, booked_minor::text from account_balances
            where account_id = ${SEK_ACCOUNT} and balance_date >= ${day} order by balance_date`,
      );
      expect(balances[0]?.balance_date).toBe(day);
      // Other tests' executed batches move it too; this batch's 15,000.50 is among what left.
      expect(BigInt(balances[0]?.booked_minor ?? '0')).toBeLessThanOrEqual(OPENING - 1_500_050n);
      const [todayBalance] = await selectRows<{ booked_minor: string }>(
        database.handle.db,
        sql`select booked_minor::text from account_balances where account_id = ${SEK_ACCOUNT} and balance_date = ${today}`,
      );
      expect(todayBalance?.booked_minor).toBe(OPENING.toString());

      const events = await selectRows<{
        payload: { type: string; id: string; data: { id: string; status: string } };
      }>(
        database.handle.db,
        sql`select payload from outbox where payload->'data'->>'id' = ${created.id} order by created_at, id`,
      );
      expect(events.map((e) => e.payload.data.status)).toEqual([
        'submitted',
        'pending_approval',
        'approved',
        'sent_to_bank',
        'accepted',
        'executed',
      ]);
      expect(
        events.every((e) => e.payload.type === 'payment.status.updated' && e.payload.id.startsWith('evt_')),
      ).toBe(true);
      // Each event carries the batch as the API lists it, so webhook receivers need no second call.
      for (const event of events)
        expect(paymentStatusUpdatedEvent.safeParse(event.payload).success).toBe(true);
      expect(events.at(-1)?.payload.data).toMatchObject({
        id: created.id,
        status: 'executed',
        label: created.label,
      });
      const audit = await selectRows<{ action: string; acting_user: string }>(
        database.handle.db,
        sql`select action, acting_user from audit_log where resource_id = ${created.id} order by id`,
      );
      expect(audit).toEqual([
        { action: 'payment_batch.created', acting_user: 'treasurer@betal.se' },
        { action: 'payment_batch.submitted', acting_user: 'treasurer@betal.se' },
        { action: 'payment_batch.approval_approved', acting_user: 'anna@betal.se' },
        { action: 'payment_batch.approval_approved', acting_user: 'bo@betal.se' },
      ]);
    });

    it('has the bank reject a batch paying a closed bankgiro, naming the line', async () => {
      const batch = await submit(
        (await create([line(), line({ creditor: { name: 'Stängd AB', bankgiro: SANDBOX_CLOSED_BANKGIRO } })]))
          .id,
      );
      const approvalId = approvalOf(batch);
      await approve(approvalId, 'anna@betal.se');
      await approve(approvalId, 'bo@betal.se');
      await advanceSandboxBank(database.handle.db, { today: EXEC });
      await advanceSandboxBank(database.handle.db, { today: EXEC });
      const rejected = await getBatch(batch.id);
      expect(rejected.status).toBe('rejected');
      expect(rejected.rejection_reason).toMatch(/closed \(payment 1\)/);
      expect(rejected.payments[1]).toMatchObject({ status: 'rejected', rejection_reason: 'closed bankgiro' });
      expect(rejected.history.at(-1)).toMatchObject({ from: 'sent_to_bank', to: 'rejected' });
    });

    it('lists batches newest first with filters and a cursor; another tenant sees none', async () => {
      const a = await create([line()]);
      const b = await create([line({ execution_date: nextBankDay(EXEC) })]);
      const page = (await (
        await call('GET', `/public/payments/batches?status=draft&limit=1`, { token: readToken })
      ).json()) as PaymentBatchList;
      expect(page.results).toHaveLength(1);
      expect(page.results[0]?.id).toBe(b.id);
      expect(page.next_cursor).not.toBeNull();
      const next = (await (
        await call('GET', `/public/payments/batches?status=draft&limit=1&cursor=${page.next_cursor ?? ''}`)
      ).json()) as PaymentBatchList;
      expect(next.results[0]?.id).toBe(a.id);
      const dated = (await (
        await call(
          'GET',
          `/public/payments/batches?date=${nextBankDay(EXEC)}&company=${COMPANY}&account=${SEK_ACCOUNT}`,
        )
      ).json()) as PaymentBatchList;
      expect(dated.results.map((r) => r.id)).toContain(b.id);
      expect(dated.results.map((r) => r.id)).not.toContain(a.id);
      const foreign = await call('GET', `/public/payments/batches/${a.id}`, { token: otherTenantToken });
      expect(foreign.status).toBe(404);
      const foreignList = (await (
        await call('GET', '/public/payments/batches', { token: otherTenantToken })
      ).json()) as PaymentBatchList;
      expect(foreignList.results).toEqual([]);
    });
  });

  describe('approval policy', () => {
    it('applies the tiers on the SEK total: one, two, two with the CFO', async () => {
      const bg = freshBankgiro();
      await makeKnown(bg);
      const small = await submit((await create([line({ creditor: { name: 'K', bankgiro: bg } })])).id);
      expect(small.approval).toMatchObject({ required_approvals: 1, required_role: null });
      expect(small.payments[0]?.first_payment_to_creditor).toBe(false);
      const edge = await submit(
        (
          await create([
            line({ creditor: { name: 'K', bankgiro: bg }, amount: { amount: '100000.00', currency: 'SEK' } }),
          ])
        ).id,
      );
      expect(edge.approval).toMatchObject({ required_approvals: 2, required_role: null });
      const ten = await submit(
        (
          await create([
            line({
              creditor: { name: 'K', bankgiro: bg },
              amount: { amount: '10000000.00', currency: 'SEK' },
            }),
          ])
        ).id,
      );
      expect(ten.approval).toMatchObject({ required_approvals: 2, required_role: null });
      const big = await submit(
        (
          await create([
            line({
              creditor: { name: 'K', bankgiro: bg },
              amount: { amount: '10000000.01', currency: 'SEK' },
            }),
          ])
        ).id,
      );
      expect(big.approval).toMatchObject({ required_approvals: 2, required_role: 'cfo' });

      const approvalId = approvalOf(big);
      expect((await approve(approvalId, 'anna@betal.se')).status).toBe(200);
      const notCfo = await expectProblem(await approve(approvalId, 'bo@betal.se', 'treasurer'), 403);
      expect(notCfo.detail).toMatch(/role cfo/);
      const cfoPending = (await (
        await call('GET', '/public/approvals/pending', { user: 'carl@betal.se', roles: 'cfo' })
      ).json()) as PendingApprovalList;
      expect(cfoPending.results.map((a) => a.id)).toContain(approvalId);
      const boPending = (await (
        await call('GET', '/public/approvals/pending', { user: 'bo2@betal.se' })
      ).json()) as PendingApprovalList;
      expect(boPending.results.map((a) => a.id)).not.toContain(approvalId);
      const cfo = await approve(approvalId, 'carl@betal.se', 'treasurer, cfo');
      expect(((await cfo.json()) as PaymentBatch).status).toBe('approved');
    });

    it('converts other currencies to SEK at the reference rate for the tiers', async () => {
      const eur = await submit(
        (
          await create(
            [
              line({
                creditor: { name: 'Euro GmbH', iban: 'DE89370400440532013000' },
                amount: { amount: '10000.00', currency: 'EUR' },
                remittance: { message: 'Rechnung 1' },
              }),
            ],
            EUR_ACCOUNT,
          )
        ).id,
      );
      // 10,000 EUR × 11.50 = SEK 115,000: the second tier, plus one for the first payment.
      expect(eur.total_sek).toEqual({ amount: '115000.00', currency: 'SEK' });
      expect(eur.approval).toMatchObject({ required_approvals: 3, required_role: null });
    });

    it('applies the policy in force at submission, whatever changes later', async () => {
      const bg = freshBankgiro();
      await makeKnown(bg);
      await withTenant(database.handle.db, tenantId, (tx) =>
        saveApprovalPolicy(tx, tenantId, {
          tiers: [{ up_to_sek_minor: null, approvals: 3, role: null }],
          first_payment_extra_approvals: 0,
        }),
      );
      const under3 = await submit((await create([line({ creditor: { name: 'K', bankgiro: bg } })])).id);
      await withTenant(database.handle.db, tenantId, (tx) =>
        saveApprovalPolicy(tx, tenantId, DEFAULT_APPROVAL_POLICY),
      );
      expect(under3.approval?.required_approvals).toBe(3);
      const approvalId = approvalOf(under3);
      await approve(approvalId, 'p1');
      expect((await getBatch(under3.id)).approval?.required_approvals).toBe(3);
      await approve(approvalId, 'p2');
      expect((await getBatch(under3.id)).status).toBe('pending_approval');
      await approve(approvalId, 'p3');
      expect((await getBatch(under3.id)).status).toBe('approved');
    });

    it('never lets the submitter approve, and lets an approver decide once', async () => {
      const batch = await submit(
        (await create([line({ creditor: { name: 'N', bankgiro: freshBankgiro() } })])).id,
      );
      const approvalId = approvalOf(batch);
      const own = await expectProblem(await approve(approvalId, 'treasurer@betal.se'), 403);
      expect(own.detail).toMatch(/submitted/);
      expect((await approve(approvalId, 'anna@betal.se')).status).toBe(200);
      const twice = await expectProblem(await approve(approvalId, 'anna@betal.se'), 409);
      expect(twice.detail).toMatch(/decides once/);
      const rejectTwice = await expectProblem(
        await call('POST', `/public/approvals/${approvalId}/reject`, {
          user: 'anna@betal.se',
          body: { reason: 'changed my mind' },
        }),
        409,
      );
      expect(rejectTwice.detail).toMatch(/decides once/);
    });

    it('needs an acting user for submit, approve, reject and the pending list', async () => {
      const batch = await create([line()]);
      const noUser = await expectProblem(
        await call('POST', `/public/payments/batches/${batch.id}/submit`, { user: null }),
        400,
      );
      expect(noUser.errors?.[0]?.path).toBe('/headers/finvis-acting-user');
      await expectProblem(await call('GET', '/public/approvals/pending', { user: null }), 400);
      const submitted = await submit(batch.id);
      const approvalId = approvalOf(submitted);
      await expectProblem(await call('POST', `/public/approvals/${approvalId}/approve`, { user: null }), 400);
      await expectProblem(
        await call('POST', `/public/approvals/${approvalId}/reject`, { user: null, body: { reason: 'x' } }),
        400,
      );
      const noReason = await expectProblem(
        await call('POST', `/public/approvals/${approvalId}/reject`, { user: 'anna@betal.se', body: {} }),
        400,
      );
      expect(noReason.errors?.[0]?.path).toBe('/reason');
    });

    it('lists the inbox newest first with the largest creditors, and says who may decide', async () => {
      const older = await submit(
        (
          await create([
            line({ creditor: { name: 'Liten AB', bankgiro: freshBankgiro() } }),
            line({
              creditor: { name: 'Stor AB', bankgiro: freshBankgiro() },
              amount: { amount: '90000.00', currency: 'SEK' },
            }),
            line({
              creditor: { name: 'Mellan AB', bankgiro: freshBankgiro() },
              amount: { amount: '20000.00', currency: 'SEK' },
            }),
            line({
              creditor: { name: 'Mellan AB', bankgiro: freshBankgiro() },
              amount: { amount: '20000.00', currency: 'SEK' },
            }),
            line({
              creditor: { name: 'Minst AB', bankgiro: freshBankgiro() },
              amount: { amount: '1.00', currency: 'SEK' },
            }),
          ])
        ).id,
      );
      const newer = await submit((await create([line()])).id);
      const inbox = async (query: string, options: CallOptions = {}) => {
        const response = await call('GET', `/public/approvals/pending?limit=500${query}`, {
          user: 'inbox@betal.se',
          ...options,
        });
        expect(response.status).toBe(200);
        const list = (await response.json()) as PendingApprovalList;
        return list.results.filter((a) => a.id === approvalOf(older) || a.id === approvalOf(newer));
      };

      const newestFirst = await inbox('&order=newest');
      expect(newestFirst.map((a) => a.batch_id)).toEqual([newer.id, older.id]);
      expect((await inbox('')).map((a) => a.batch_id)).toEqual([older.id, newer.id]);
      expect(newestFirst[1]?.largest_creditors).toEqual([
        { name: 'Stor AB', amount: { amount: '90000.00', currency: 'SEK' } },
        { name: 'Mellan AB', amount: { amount: '40000.00', currency: 'SEK' } },
        { name: 'Liten AB', amount: { amount: '12500.00', currency: 'SEK' } },
      ]);
      expect(newestFirst.map((a) => a.can_decide)).toEqual([true, true]);
      const readOnly = await inbox('&order=newest', { token: readToken });
      expect(readOnly.map((a) => a.can_decide)).toEqual([false, false]);

      // A cursor continues the order it was made for.
      const firstPage = (await (
        await call('GET', '/public/approvals/pending?limit=1&order=newest', { user: 'inbox@betal.se' })
      ).json()) as PendingApprovalList;
      expect(firstPage.results[0]?.id).toBe(approvalOf(newer));
      const cursor = firstPage.next_cursor ?? '';
      const secondPage = (await (
        await call('GET', `/public/approvals/pending?limit=1&order=newest&cursor=${cursor}`, {
          user: 'inbox@betal.se',
        })
      ).json()) as PendingApprovalList;
      expect(secondPage.results[0]?.id).toBe(approvalOf(older));
      await expectProblem(
        await call('GET', `/public/approvals/pending?limit=1&cursor=${cursor}`, { user: 'inbox@betal.se' }),
        400,
      );
      await expectProblem(
        await call('GET', '/public/approvals/pending?order=sideways', { user: 'inbox@betal.se' }),
        400,
      );
    });
  });

  describe('the state machine', () => {
    it('answers every illegal transition with 409 naming the current state', async () => {
      const expectConflict = async (response: Response, state: string) => {
        const problem = await expectProblem(response, 409);
        expect(problem.type).toBe('https://finvis.se/problems/conflict');
        expect(problem.detail).toContain(` is ${state};`);
      };
      const pending = await submit((await create([line()])).id);
      await expectConflict(
        await call('POST', `/public/payments/batches/${pending.id}/submit`),
        'pending_approval',
      );

      const rejected = await submit((await create([line()])).id);
      const rejectedApproval = approvalOf(rejected);
      const rejection = await call('POST', `/public/approvals/${rejectedApproval}/reject`, {
        user: 'anna@betal.se',
        body: { reason: 'Wrong supplier' },
      });
      const rejectedBatch = (await rejection.json()) as PaymentBatch;
      expect(rejectedBatch).toMatchObject({ status: 'rejected', rejection_reason: 'Wrong supplier' });
      expect(rejectedBatch.history.at(-1)).toMatchObject({
        from: 'pending_approval',
        to: 'rejected',
        reason: 'Wrong supplier',
        actor: { type: 'user', id: 'anna@betal.se' },
      });
      await expectConflict(await approve(rejectedApproval, 'bo@betal.se'), 'rejected');
      await expectConflict(await call('POST', `/public/payments/batches/${rejected.id}/submit`), 'rejected');
      await expectConflict(await call('POST', `/public/payments/batches/${rejected.id}/cancel`), 'rejected');

      const cancelled = await create([line()]);
      const cancel = await call('POST', `/public/payments/batches/${cancelled.id}/cancel`);
      expect(((await cancel.json()) as PaymentBatch).status).toBe('cancelled');
      await expectConflict(
        await call('POST', `/public/payments/batches/${cancelled.id}/submit`),
        'cancelled',
      );
      await expectConflict(
        await call('POST', `/public/payments/batches/${cancelled.id}/cancel`),
        'cancelled',
      );

      const pendingCancel = await call('POST', `/public/payments/batches/${pending.id}/cancel`);
      expect(((await pendingCancel.json()) as PaymentBatch).status).toBe('cancelled');
      await expectConflict(await approve(approvalOf(pending), 'anna@betal.se'), 'cancelled');

      const approved = await submit((await create([line()])).id);
      const approvedId = approvalOf(approved);
      await approve(approvedId, 'anna@betal.se');
      await approve(approvedId, 'bo@betal.se');
      await expectConflict(await approve(approvedId, 'carl@betal.se'), 'approved');
      await expectConflict(await call('POST', `/public/payments/batches/${approved.id}/submit`), 'approved');
      await advanceSandboxBank(database.handle.db, { today: EXEC });
      expect((await getBatch(approved.id)).status).toBe('sent_to_bank');
      await expectConflict(
        await call('POST', `/public/payments/batches/${approved.id}/cancel`),
        'sent_to_bank',
      );
      await advanceSandboxBank(database.handle.db, { today: EXEC });
      await expectConflict(await call('POST', `/public/payments/batches/${approved.id}/cancel`), 'accepted');
      await advanceSandboxBank(database.handle.db, { today: EXEC });
      await expectConflict(await call('POST', `/public/payments/batches/${approved.id}/cancel`), 'executed');
      await expectConflict(await call('POST', `/public/payments/batches/${approved.id}/submit`), 'executed');

      const missing = await call('POST', '/public/payments/batches/batch_zzzzzzzzzzzzzzzzzzzzzzzzzz/submit');
      expect(missing.status).toBe(404);
    });
  });

  describe('idempotency', () => {
    it('replays create, submit and approve with the same key', async () => {
      const key = randomUUID();
      const body = { debtor_account_id: SEK_ACCOUNT, payments: [line()] };
      const first = await call('POST', '/public/payments/batches', { body, key });
      const again = await call('POST', '/public/payments/batches', { body, key });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const created = (await first.json()) as PaymentBatch;
      expect(await again.json()).toEqual(created);
      const [count] = await selectRows<{ n: number }>(
        database.handle.db,
        sql`select count(*)::int as n from payment_batches where id = ${created.id}`,
      );
      expect(count?.n).toBe(1);

      const submitKey = randomUUID();
      const s1 = await call('POST', `/public/payments/batches/${created.id}/submit`, { key: submitKey });
      const s2 = await call('POST', `/public/payments/batches/${created.id}/submit`, { key: submitKey });
      expect(s1.status).toBe(200);
      expect(s2.status).toBe(200);
      expect(s2.headers.get('idempotent-replayed')).toBe('true');
      const submitted = (await s1.json()) as PaymentBatch;
      expect(await s2.json()).toEqual(submitted);

      const approveKey = randomUUID();
      const approvalId = approvalOf(submitted);
      const a1 = await approve(approvalId, 'anna@betal.se', undefined, approveKey);
      const a2 = await approve(approvalId, 'anna@betal.se', undefined, approveKey);
      expect(a1.status).toBe(200);
      expect(a2.status).toBe(200);
      expect(a2.headers.get('idempotent-replayed')).toBe('true');
      expect((await getBatch(created.id)).approval?.approvals_received).toBe(1);
    });
  });

  describe('pain.001', () => {
    it('carries the totals and the Swedish references, and validates against both XSDs', async () => {
      const batch = await create([
        line(),
        line({
          creditor: { name: 'Plus & Co AB', plusgiro: '90 01 62-9' },
          amount: { amount: '99.90', currency: 'SEK' },
          remittance: { message: 'Faktura <7>' },
          end_to_end_id: 'INV-3',
        }),
        line({
          creditor: { name: 'Konto AB', account: { clearing: '5839', number: '8257466' } },
          amount: { amount: '1.10', currency: 'SEK' },
          remittance: { message: 'Hyra' },
          execution_date: nextBankDay(EXEC),
        }),
        line({
          creditor: { name: 'IBAN AB', iban: 'SE45 5000 0000 0583 9825 7466' },
          amount: { amount: '5.00', currency: 'SEK' },
        }),
      ]);
      for (const version of ['03', '09'] as const) {
        const response = await call(
          'GET',
          `/public/payments/batches/${batch.id}/pain001${version === '09' ? '?version=09' : ''}`,
          {
            token: readToken,
          },
        );
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/xml/);
        const xml = await response.text();
        expect(xml).toContain(`urn:iso:std:iso:20022:tech:xsd:pain.001.001.${version}`);
        expect(xml).toMatch(/<GrpHdr>[\s\S]*<NbOfTxs>4<\/NbOfTxs>\s*<CtrlSum>12606.00<\/CtrlSum>/);
        expect(xml).toContain('<Id>50501055</Id>');
        expect(xml).toMatch(/<Prtry>BGNR<\/Prtry>/);
        expect(xml).toMatch(/<MmbId>9900<\/MmbId>/);
        expect(xml).toMatch(/<MmbId>9960<\/MmbId>/);
        expect(xml).toMatch(/<Cd>SCOR<\/Cd>\s*<\/CdOrPrtry>\s*<\/Tp>\s*<Ref>1234567897<\/Ref>/);
        expect(xml).toContain('<EndToEndId>INV-88812</EndToEndId>');
        expect(xml).toContain('<Ustrd>Faktura &lt;7&gt;</Ustrd>');
        expect(xml).toContain('<IBAN>SE4550000000058398257466</IBAN>');
        expect(xml.match(/<PmtInf>/g)).toHaveLength(2);
        if (!XSDS_PRESENT) continue;
        const xsd = readFileSync(resolve(XSD_DIR, `pain.001.001.${version}.xsd`), 'utf8');
        const result = await validateXML({
          xml: [{ fileName: `batch.${version}.xml`, contents: xml }],
          schema: [{ fileName: `pain.001.001.${version}.xsd`, contents: xsd }],
        });
        expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
        expect(result.valid).toBe(true);
      }
    });
  });

  // On PGlite one connection serialises every request, so the races run on PostgreSQL only.
  if (engine === 'postgres') {
    describe('races (concurrent requests on PostgreSQL)', () => {
      it('10 concurrent approvals of a 2-approval batch: two count, the rest see it approved', async () => {
        const batch = await submit(
          (await create([line({ creditor: { name: 'R', bankgiro: freshBankgiro() } })])).id,
        );
        expect(batch.approval?.required_approvals).toBe(2);
        const approvalId = approvalOf(batch);
        const responses = await Promise.all(
          Array.from({ length: 10 }, (_, i) => approve(approvalId, `racer-${i}@betal.se`)),
        );
        const statuses = responses.map((r) => r.status).sort();
        expect(statuses).toEqual([200, 200, 409, 409, 409, 409, 409, 409, 409, 409]);
        const final = await getBatch(batch.id);
        expect(final.status).toBe('approved');
        expect(final.approval?.decisions).toHaveLength(2);
        expect(final.history.filter((h) => h.to === 'approved')).toHaveLength(1);
      });

      it('double submit: exactly one submits', async () => {
        const batch = await create([line()]);
        const responses = await Promise.all(
          Array.from({ length: 5 }, () => call('POST', `/public/payments/batches/${batch.id}/submit`)),
        );
        expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
        const final = await getBatch(batch.id);
        expect(final.history.filter((h) => h.to === 'submitted')).toHaveLength(1);
        const [approvals] = await selectRows<{ n: number }>(
          database.handle.db,
          sql`select count(*)::int as n from payment_approvals where batch_id = ${batch.id}`,
        );
        expect(approvals?.n).toBe(1);
      });

      it('approve against reject: exactly one outcome', async () => {
        const bg = freshBankgiro();
        await makeKnown(bg);
        for (let round = 0; round < 3; round++) {
          const batch = await submit((await create([line({ creditor: { name: 'K', bankgiro: bg } })])).id);
          expect(batch.approval?.required_approvals).toBe(1);
          const approvalId = approvalOf(batch);
          const [approved, rejected] = await Promise.all([
            approve(approvalId, 'anna@betal.se'),
            call('POST', `/public/approvals/${approvalId}/reject`, {
              user: 'bo@betal.se',
              body: { reason: 'no' },
            }),
          ]);
          expect([approved.status, rejected.status].sort()).toEqual([200, 409]);
          const final = await getBatch(batch.id);
          expect(final.status).toBe(approved.status === 200 ? 'approved' : 'rejected');
          expect(final.approval?.decisions).toHaveLength(1);
        }
      });
    });
  }
});
