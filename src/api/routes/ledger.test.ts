import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { createTestClient, fetchToken, type TestClient } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import type { Database } from '../db/client';
import { seedDemoTenant } from '../demo/seed';
import { createApiClient } from '../repositories/api-clients';
import { accountBalances, bankAccounts, companies, koncerner, transactions } from '../db/schema';
import type { RunningApi } from '../server';

/*
 * The ledger read endpoints over real HTTP. Tenant "alfa" holds a small hand-made koncern (two
 * companies, a cash pool top and sub-account, a NOK account) and a second koncern with one EUR
 * account; tenant "beta" holds one of everything, to prove another tenant's ids answer 404. Tenant
 * "gamma" holds many transactions for the pagination walks, which insert rows between pages.
 */

const K1 = 'kon_alfakoncern1';
const K2 = 'kon_betakoncern1';
const HOLDING = 'co_alfaholding1';
const NORGE = 'co_alfanorge001';
const BETA_AB = 'co_betaab00001';
const TOP = 'acct_alfatop0001';
const SUB = 'acct_alfasub0001';
const NOK = 'acct_alfanok0001';
const EUR = 'acct_betaeur0001';

const FOREIGN_KONCERN = 'kon_foreign00001';
const FOREIGN_COMPANY = 'co_foreign000001';
const FOREIGN_ACCOUNT = 'acct_foreign00001';
const FOREIGN_TXN = 'txn_foreign00001';

type Row = typeof transactions.$inferInsert;

function txn(
  id: string,
  accountId: string,
  bookingDate: string,
  amountMinor: bigint,
  currency: string,
  extra: Partial<Row> = {},
): Row {
  return {
    id,
    tenantId: '',
    accountId,
    bookingDate,
    valueDate: bookingDate,
    amountMinor,
    currency,
    bankReference: `REF-${id}`,
    ...extra,
  };
}

/** Inserted one at a time, so that `seq` follows this order exactly. */
const alfaTransactions: Row[] = [
  txn('txn_t1000000', TOP, '2026-03-02', 125_000_000n, 'SEK', {
    counterpartyName: 'Kund AB',
    counterpartyAccount: '5050-1055',
    ocr: '4000000000123',
    bankReference: 'SEB-0001',
    category: 'customer_receipt',
    reconciliationState: 'reconciled',
  }),
  txn('txn_t2000000', TOP, '2026-03-02', -349_950n, 'SEK', {
    counterpartyName: 'Leverantör Ett AB',
    message: 'Faktura 9912',
    bankReference: 'SEB-0002',
    endToEndId: 'E2E-PAY-1',
    valueDate: '2026-03-03',
  }),
  txn('txn_t3000000', SUB, '2026-03-03', -5n, 'SEK', {
    counterpartyName: 'Bank fee',
    message: 'Avgift 50% rabatt_x',
    bankReference: 'SEB-0003',
    reconciliationState: 'proposed',
  }),
  txn('txn_t4000000', NOK, '2026-03-01', 10_000n, 'NOK', {
    counterpartyName: 'Kunde Norge AS',
    message: 'Betaling',
    bankReference: 'DNB-0001',
    reconciliationState: 'reconciled',
  }),
  txn('txn_t5000000', NOK, '2026-03-03', -10_001n, 'NOK', {
    counterpartyName: 'Husleie AS',
    bankReference: 'DNB-0002',
  }),
  txn('txn_t6000000', EUR, '2026-02-27', 9_999n, 'EUR', {
    counterpartyName: 'Kunde GmbH',
    bankReference: 'SHB-0001',
  }),
  txn('txn_t7000000', TOP, '2026-03-02', 10_000n, 'SEK', {
    counterpartyName: 'kund ab filial',
    bankReference: 'SEB-0004',
  }),
  txn('txn_t8000000', SUB, '2026-03-04', 5_000_000n, 'SEK', {
    counterpartyName: 'Alfa Holding AB',
    message: 'Koncernöverföring',
    bankReference: 'SEB-0005',
    intraGroup: true,
    reconciliationState: 'reconciled',
  }),
];

/** Newest booking date first; ties: the later-inserted first. */
const ALL = [
  'txn_t8000000',
  'txn_t5000000',
  'txn_t3000000',
  'txn_t7000000',
  'txn_t2000000',
  'txn_t1000000',
  'txn_t4000000',
  'txn_t6000000',
];
const short = (ids: string[]) => ids.map((id) => id.slice(4, 6));

async function seedAlfa(db: Database, tenantId: string): Promise<void> {
  await db.insert(koncerner).values([
    { id: K1, tenantId, name: 'Alfa Koncern', createdAt: new Date('2026-01-01T08:00:00Z') },
    { id: K2, tenantId, name: 'Beta Koncern', createdAt: new Date('2026-01-02T08:00:00Z') },
  ]);
  await db.insert(companies).values({
    id: HOLDING,
    tenantId,
    koncernId: K1,
    name: 'Alfa Holding AB',
    orgNumber: '5560160680',
    country: 'SE',
    functionalCurrency: 'SEK',
    createdAt: new Date('2026-01-01T09:00:00Z'),
  });
  await db.insert(companies).values([
    {
      id: NORGE,
      tenantId,
      koncernId: K1,
      parentId: HOLDING,
      name: 'Alfa Norge AS',
      foreignId: '923609016',
      country: 'NO',
      functionalCurrency: 'NOK',
      ownershipBasisPoints: 5100,
      createdAt: new Date('2026-01-01T10:00:00Z'),
    },
    {
      id: BETA_AB,
      tenantId,
      koncernId: K2,
      name: 'Beta AB',
      orgNumber: '5566778899',
      country: 'SE',
      functionalCurrency: 'SEK',
      createdAt: new Date('2026-01-02T09:00:00Z'),
    },
  ]);
  await db.insert(bankAccounts).values({
    id: TOP,
    tenantId,
    companyId: HOLDING,
    name: 'Alfa Holding koncernkonto',
    bankName: 'SEB',
    bic: 'ESSESESS',
    iban: 'SE4550000000058398257466',
    clearingNumber: '5000',
    accountNumber: '58398257466',
    currency: 'SEK',
    kind: 'cash_pool_top',
    openedOn: '2025-12-31',
  });
  await db.insert(bankAccounts).values([
    {
      id: SUB,
      tenantId,
      companyId: HOLDING,
      name: 'Alfa Holding underkonto',
      bankName: 'SEB',
      bic: 'ESSESESS',
      iban: 'SE7250000000058398257512',
      currency: 'SEK',
      kind: 'cash_pool_sub',
      cashPoolTopId: TOP,
      openedOn: '2025-12-31',
    },
    {
      id: NOK,
      tenantId,
      companyId: NORGE,
      name: 'Alfa Norge drift',
      bankName: 'DNB',
      bic: 'DNBANOKK',
      iban: 'NO9386011117947',
      currency: 'NOK',
      kind: 'operating',
      openedOn: '2026-01-15',
    },
    {
      id: EUR,
      tenantId,
      companyId: BETA_AB,
      name: 'Beta drift EUR',
      bankName: 'Handelsbanken',
      bic: 'HANDSESS',
      bankgiro: '56781234',
      currency: 'EUR',
      kind: 'operating',
      openedOn: '2026-02-01',
    },
  ]);
  await db.insert(accountBalances).values([
    {
      tenantId,
      accountId: TOP,
      balanceDate: '2026-03-03',
      bookedMinor: 1n,
      availableMinor: 2n,
      source: 'computed',
      asOf: new Date('2026-03-03T22:00:00Z'),
    },
    {
      tenantId,
      accountId: TOP,
      balanceDate: '2026-03-04',
      bookedMinor: 129_650_045n,
      availableMinor: 134_650_045n,
      source: 'bank',
      asOf: new Date('2026-03-04T16:30:00.123Z'),
    },
    {
      tenantId,
      accountId: SUB,
      balanceDate: '2026-03-04',
      bookedMinor: -5n,
      availableMinor: 0n,
      asOf: new Date('2026-03-04T23:59:59Z'),
    },
    {
      tenantId,
      accountId: NOK,
      balanceDate: '2026-03-03',
      bookedMinor: 9_999_999_999n,
      availableMinor: 9_999_999_999n,
      asOf: new Date('2026-03-03T12:00:00Z'),
    },
  ]);
  for (const row of alfaTransactions) await db.insert(transactions).values({ ...row, tenantId });
}

async function seedForeign(db: Database, tenantId: string): Promise<void> {
  await db.insert(koncerner).values({ id: FOREIGN_KONCERN, tenantId, name: 'Aaa Foreign Koncern' });
  await db.insert(companies).values({
    id: FOREIGN_COMPANY,
    tenantId,
    koncernId: FOREIGN_KONCERN,
    name: 'Aaa Foreign AB',
    country: 'SE',
    functionalCurrency: 'SEK',
  });
  await db.insert(bankAccounts).values({
    id: FOREIGN_ACCOUNT,
    tenantId,
    companyId: FOREIGN_COMPANY,
    name: 'Aaa Foreign konto',
    bankName: 'SEB',
    bic: 'ESSESESS',
    currency: 'SEK',
    kind: 'operating',
    openedOn: '2026-01-01',
  });
  await db
    .insert(transactions)
    .values(
      txn(FOREIGN_TXN, FOREIGN_ACCOUNT, '2026-03-02', 100n, 'SEK', { tenantId, counterpartyName: 'Kund AB' }),
    );
}

interface Json {
  [key: string]: unknown;
}

interface ListBody<T = Json> {
  results: T[];
  next_cursor: string | null;
}

describe.each(testEngines)('ledger endpoints over HTTP on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let alfa: TestClient;
  let token: string;
  let gammaToken: string;
  let gammaTenant: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    const db = database.handle.db;
    alfa = await createTestClient(db, 'alfa', ['read:ledger', 'read:reporting']);
    const beta = await createTestClient(db, 'beta', ['read:ledger']);
    const gamma = await createTestClient(db, 'gamma', ['read:ledger']);
    gammaTenant = gamma.tenantId;
    await seedAlfa(db, alfa.tenantId);
    await seedForeign(db, beta.tenantId);
    token = await fetchToken(api.url, alfa, 'read:ledger');
    gammaToken = await fetchToken(api.url, gamma);
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  async function call(path: string, bearer: string | null = token) {
    const response = await fetch(`${api.url}${path}`, {
      headers: bearer === null ? {} : { authorization: `Bearer ${bearer}` },
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: (await response.json()) as Json,
    };
  }

  async function list<T = Json>(path: string, bearer: string = token): Promise<ListBody<T>> {
    const { status, body } = await call(path, bearer);
    expect(status, JSON.stringify(body)).toBe(200);
    return body as unknown as ListBody<T>;
  }

  async function ids(path: string): Promise<string[]> {
    return (await list<{ id: string }>(path)).results.map((row) => row.id);
  }

  /** Walks every page of a list, returning the ids in order; `between` runs after each page. */
  async function walk(
    path: string,
    bearer: string,
    between?: (page: number) => Promise<void>,
  ): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const separator = path.includes('?') ? '&' : '?';
      const body: ListBody<{ id: string }> = await list(
        cursor === null ? path : `${path}${separator}cursor=${encodeURIComponent(cursor)}`,
        bearer,
      );
      seen.push(...body.results.map((row) => row.id));
      cursor = body.next_cursor;
      if (cursor === null) return seen;
      await between?.(page);
    }
    throw new Error('too many pages');
  }

  async function expectBadRequest(path: string, field: string) {
    const { status, contentType, body } = await call(path);
    expect(status, `${path}: ${JSON.stringify(body)}`).toBe(400);
    expect(contentType).toMatch(/^application\/problem\+json/);
    expect(body.type).toBe('https://finvis.se/problems/validation');
    expect((body.errors as { path: string }[]).map((e) => e.path)).toContain(`/${field}`);
  }

  async function expectNotFound(path: string) {
    const { status, contentType, body } = await call(path);
    expect(status, `${path}: ${JSON.stringify(body)}`).toBe(404);
    expect(contentType).toMatch(/^application\/problem\+json/);
    expect(body).toMatchObject({
      type: 'https://finvis.se/problems/not-found',
      title: 'Not Found',
      status: 404,
    });
    return body;
  }

  describe('koncerner', () => {
    it('lists the koncerner of the tenant by name, with the top company', async () => {
      const body = await list('/public/koncerner');
      expect(body).toEqual({
        results: [
          {
            id: K1,
            name: 'Alfa Koncern',
            reporting_currency: 'SEK',
            parent_company_id: HOLDING,
            created_at: '2026-01-01T08:00:00.000Z',
          },
          {
            id: K2,
            name: 'Beta Koncern',
            reporting_currency: 'SEK',
            parent_company_id: BETA_AB,
            created_at: '2026-01-02T08:00:00.000Z',
          },
        ],
        next_cursor: null,
      });
    });

    it('pages one at a time, with and without a trailing slash', async () => {
      expect(await walk('/public/koncerner/?limit=1', token)).toEqual([K1, K2]);
    });
  });

  describe('companies', () => {
    it('lists the group tree with organisationsnummer, country, currency, parent and ownership share', async () => {
      const body = await list('/public/companies');
      expect(body.next_cursor).toBeNull();
      expect(body.results).toEqual([
        {
          id: HOLDING,
          koncern_id: K1,
          parent_id: null,
          name: 'Alfa Holding AB',
          organisationsnummer: '556016-0680',
          foreign_id: null,
          country: 'SE',
          functional_currency: 'SEK',
          ownership_share: '1.0000',
          created_at: '2026-01-01T09:00:00.000Z',
        },
        {
          id: NORGE,
          koncern_id: K1,
          parent_id: HOLDING,
          name: 'Alfa Norge AS',
          organisationsnummer: null,
          foreign_id: '923609016',
          country: 'NO',
          functional_currency: 'NOK',
          ownership_share: '0.5100',
          created_at: '2026-01-01T10:00:00.000Z',
        },
        {
          id: BETA_AB,
          koncern_id: K2,
          parent_id: null,
          name: 'Beta AB',
          organisationsnummer: '556677-8899',
          foreign_id: null,
          country: 'SE',
          functional_currency: 'SEK',
          ownership_share: '1.0000',
          created_at: '2026-01-02T09:00:00.000Z',
        },
      ]);
    });

    it('filters by koncern, country and parent', async () => {
      expect(await ids(`/public/companies?koncern_id=${K1}`)).toEqual([HOLDING, NORGE]);
      expect(await ids(`/public/companies?koncern_id=${K2}`)).toEqual([BETA_AB]);
      expect(await ids('/public/companies?country=NO')).toEqual([NORGE]);
      expect(await ids('/public/companies?country=SE')).toEqual([HOLDING, BETA_AB]);
      expect(await ids('/public/companies?country=FI')).toEqual([]);
      expect(await ids(`/public/companies?parent_id=${HOLDING}`)).toEqual([NORGE]);
      expect(await ids(`/public/companies?parent_id=${NORGE}`)).toEqual([]);
      expect(await ids(`/public/companies?koncern_id=${K1}&country=SE`)).toEqual([HOLDING]);
    });

    it('pages through every company exactly once', async () => {
      expect(await walk('/public/companies?limit=2', token)).toEqual([HOLDING, NORGE, BETA_AB]);
      expect(await walk('/public/companies?limit=1', token)).toEqual([HOLDING, NORGE, BETA_AB]);
    });

    it('rejects bad filters and answers 404 for unknown or foreign filter ids', async () => {
      await expectBadRequest('/public/companies?country=se', 'country');
      await expectBadRequest('/public/companies?koncern_id=co_alfaholding1', 'koncern_id');
      await expectNotFound('/public/companies?koncern_id=kon_doesnotexist');
      await expectNotFound(`/public/companies?koncern_id=${FOREIGN_KONCERN}`);
      await expectNotFound(`/public/companies?parent_id=${FOREIGN_COMPANY}`);
    });
  });

  describe('accounts', () => {
    const topAccount = {
      id: TOP,
      company_id: HOLDING,
      koncern_id: K1,
      name: 'Alfa Holding koncernkonto',
      bank_name: 'SEB',
      bic: 'ESSESESS',
      iban: 'SE4550000000058398257466',
      clearing_number: '5000',
      account_number: '58398257466',
      bankgiro: null,
      currency: 'SEK',
      kind: 'cash_pool_top',
      cash_pool_top_id: null,
      opened_on: '2025-12-31',
      balance: {
        booked: { amount: '1296500.45', currency: 'SEK' },
        available: { amount: '1346500.45', currency: 'SEK' },
        date: '2026-03-04',
        as_of: '2026-03-04T16:30:00.123Z',
        source: 'bank',
      },
    };

    it('lists accounts by name with bank details and the latest balance (or null)', async () => {
      const body = await list('/public/accounts');
      expect(body.next_cursor).toBeNull();
      expect(body.results.map((a) => a.id)).toEqual([TOP, SUB, NOK, EUR]);
      expect(body.results[0]).toEqual(topAccount);
      expect(body.results[1]).toMatchObject({
        id: SUB,
        kind: 'cash_pool_sub',
        cash_pool_top_id: TOP,
        clearing_number: null,
        account_number: null,
        balance: {
          booked: { amount: '-0.05', currency: 'SEK' },
          available: { amount: '0.00', currency: 'SEK' },
          date: '2026-03-04',
          as_of: '2026-03-04T23:59:59.000Z',
          source: 'computed',
        },
      });
      expect(body.results[2]).toMatchObject({
        id: NOK,
        koncern_id: K1,
        balance: {
          booked: { amount: '99999999.99', currency: 'NOK' },
          available: { amount: '99999999.99', currency: 'NOK' },
        },
      });
      expect(body.results[3]).toMatchObject({
        id: EUR,
        koncern_id: K2,
        bankgiro: '56781234',
        iban: null,
        currency: 'EUR',
        balance: null,
      });
    });

    it('gets one account, with and without a trailing slash', async () => {
      for (const path of [`/public/accounts/${TOP}`, `/public/accounts/${TOP}/`]) {
        const { status, body } = await call(path);
        expect(status).toBe(200);
        expect(body).toEqual(topAccount);
      }
      const { body } = await call(`/public/accounts/${EUR}`);
      expect(body.balance).toBeNull();
    });

    it('filters by company, koncern, bank, currency, kind and cash pool', async () => {
      expect(await ids(`/public/accounts?company_id=${HOLDING}`)).toEqual([TOP, SUB]);
      expect(await ids(`/public/accounts?company_id=${NORGE}`)).toEqual([NOK]);
      expect(await ids(`/public/accounts?koncern_id=${K1}`)).toEqual([TOP, SUB, NOK]);
      expect(await ids(`/public/accounts?koncern_id=${K2}`)).toEqual([EUR]);
      expect(await ids('/public/accounts?bank=seb')).toEqual([TOP, SUB]);
      expect(await ids('/public/accounts?bank=Handelsbanken')).toEqual([EUR]);
      expect(await ids('/public/accounts?bank=dnbanokk')).toEqual([NOK]);
      expect(await ids('/public/accounts?bank=Nordea')).toEqual([]);
      expect(await ids('/public/accounts?currency=NOK')).toEqual([NOK]);
      expect(await ids('/public/accounts?currency=SEK')).toEqual([TOP, SUB]);
      expect(await ids('/public/accounts?currency=USD')).toEqual([]);
      expect(await ids('/public/accounts?kind=operating')).toEqual([NOK, EUR]);
      expect(await ids('/public/accounts?kind=cash_pool_sub')).toEqual([SUB]);
      expect(await ids(`/public/accounts?cash_pool_top_id=${TOP}`)).toEqual([TOP, SUB]);
      expect(await ids(`/public/accounts?cash_pool_top_id=${TOP}&kind=cash_pool_sub`)).toEqual([SUB]);
      expect(await ids(`/public/accounts?koncern_id=${K1}&currency=SEK&bank=SEB`)).toEqual([TOP, SUB]);
    });

    it('pages through every account exactly once', async () => {
      expect(await walk('/public/accounts?limit=1', token)).toEqual([TOP, SUB, NOK, EUR]);
      expect(await walk('/public/accounts?limit=3', token)).toEqual([TOP, SUB, NOK, EUR]);
    });

    it("answers 404 for an unknown account and another tenant's account, alike", async () => {
      const missing = await expectNotFound('/public/accounts/acct_doesnotexist1');
      const foreign = await expectNotFound(`/public/accounts/${FOREIGN_ACCOUNT}`);
      expect(Object.keys(foreign).sort()).toEqual(Object.keys(missing).sort());
      expect(foreign.detail).toBe(`No account ${FOREIGN_ACCOUNT}.`);
      expect(missing.detail).toBe('No account acct_doesnotexist1.');
      await expectNotFound(`/public/accounts?company_id=${FOREIGN_COMPANY}`);
      await expectNotFound(`/public/accounts?koncern_id=${FOREIGN_KONCERN}`);
      await expectNotFound(`/public/accounts?cash_pool_top_id=${FOREIGN_ACCOUNT}`);
      expect(await ids('/public/accounts')).not.toContain(FOREIGN_ACCOUNT);
    });

    it('rejects malformed ids and bad filters with 400 naming the field', async () => {
      await expectBadRequest('/public/accounts/not-an-id', 'id');
      await expectBadRequest(`/public/accounts/${HOLDING}`, 'id');
      await expectBadRequest('/public/accounts?currency=XXX', 'currency');
      await expectBadRequest('/public/accounts?currency=sek', 'currency');
      await expectBadRequest('/public/accounts?kind=checking', 'kind');
      await expectBadRequest('/public/accounts?company_id=acct_alfatop0001', 'company_id');
      await expectBadRequest('/public/accounts?bank=', 'bank');
    });
  });

  describe('transactions', () => {
    it('lists every transaction newest first with exact decimal amounts', async () => {
      const body = await list('/public/transactions');
      expect(body.next_cursor).toBeNull();
      expect(body.results.map((t) => t.id)).toEqual(ALL);
      expect(body.results.find((t) => t.id === 'txn_t2000000')).toEqual({
        id: 'txn_t2000000',
        account_id: TOP,
        booking_date: '2026-03-02',
        value_date: '2026-03-03',
        amount: { amount: '-3499.50', currency: 'SEK' },
        counterparty_name: 'Leverantör Ett AB',
        counterparty_account: null,
        ocr: null,
        message: 'Faktura 9912',
        bank_reference: 'SEB-0002',
        end_to_end_id: 'E2E-PAY-1',
        category: null,
        intra_group: false,
        reconciliation_state: 'unreconciled',
      });
      const amounts = Object.fromEntries(
        body.results.map((t): [string, unknown] => [String(t.id), t.amount]),
      );
      expect(amounts).toEqual({
        txn_t1000000: { amount: '1250000.00', currency: 'SEK' },
        txn_t2000000: { amount: '-3499.50', currency: 'SEK' },
        txn_t3000000: { amount: '-0.05', currency: 'SEK' },
        txn_t4000000: { amount: '100.00', currency: 'NOK' },
        txn_t5000000: { amount: '-100.01', currency: 'NOK' },
        txn_t6000000: { amount: '99.99', currency: 'EUR' },
        txn_t7000000: { amount: '100.00', currency: 'SEK' },
        txn_t8000000: { amount: '50000.00', currency: 'SEK' },
      });
      expect(body.results.find((t) => t.id === 'txn_t1000000')).toMatchObject({
        ocr: '4000000000123',
        counterparty_account: '5050-1055',
        category: 'customer_receipt',
        reconciliation_state: 'reconciled',
      });
      expect(body.results.find((t) => t.id === 'txn_t8000000')).toMatchObject({ intra_group: true });
    });

    it('filters by account, company and koncern', async () => {
      expect(short(await ids(`/public/transactions?account_id=${TOP}`))).toEqual(['t7', 't2', 't1']);
      expect(short(await ids(`/public/transactions?account_id=${EUR}`))).toEqual(['t6']);
      expect(short(await ids(`/public/transactions?company_id=${HOLDING}`))).toEqual([
        't8',
        't3',
        't7',
        't2',
        't1',
      ]);
      expect(short(await ids(`/public/transactions?company_id=${NORGE}`))).toEqual(['t5', 't4']);
      expect(short(await ids(`/public/transactions?koncern_id=${K1}`))).toEqual([
        't8',
        't5',
        't3',
        't7',
        't2',
        't1',
        't4',
      ]);
      expect(short(await ids(`/public/transactions?koncern_id=${K2}`))).toEqual(['t6']);
      expect(short(await ids(`/public/transactions?koncern_id=${K2}&company_id=${HOLDING}`))).toEqual([]);
    });

    it('filters by booking-date range, inclusive at both ends', async () => {
      expect(
        short(await ids('/public/transactions?booking_date_from=2026-03-02&booking_date_to=2026-03-03')),
      ).toEqual(['t5', 't3', 't7', 't2', 't1']);
      expect(short(await ids('/public/transactions?booking_date_from=2026-03-04'))).toEqual(['t8']);
      expect(short(await ids('/public/transactions?booking_date_to=2026-03-01'))).toEqual(['t4', 't6']);
      expect(
        short(await ids('/public/transactions?booking_date_from=2026-03-01&booking_date_to=2026-03-01')),
      ).toEqual(['t4']);
    });

    it('filters by absolute amount range, in the currency given or with two decimals', async () => {
      expect(short(await ids('/public/transactions?amount_min=100.00'))).toEqual([
        't8',
        't5',
        't7',
        't2',
        't1',
        't4',
      ]);
      expect(short(await ids('/public/transactions?amount_min=100'))).toEqual([
        't8',
        't5',
        't7',
        't2',
        't1',
        't4',
      ]);
      expect(short(await ids('/public/transactions?amount_max=99.99'))).toEqual(['t3', 't6']);
      expect(short(await ids('/public/transactions?amount_min=0.05&amount_max=0.05'))).toEqual(['t3']);
      expect(short(await ids('/public/transactions?amount_min=100&amount_max=100.00&currency=NOK'))).toEqual([
        't4',
      ]);
      expect(short(await ids('/public/transactions?amount_min=100.01&currency=NOK'))).toEqual(['t5']);
      expect(
        short(await ids('/public/transactions?amount_min=3499.5&amount_max=1250000&currency=SEK')),
      ).toEqual(['t8', 't2', 't1']);
      expect(short(await ids('/public/transactions?amount_min=0&amount_max=0'))).toEqual([]);
    });

    it('filters by currency and direction', async () => {
      expect(short(await ids('/public/transactions?currency=EUR'))).toEqual(['t6']);
      expect(short(await ids('/public/transactions?currency=NOK'))).toEqual(['t5', 't4']);
      expect(short(await ids('/public/transactions?currency=JPY'))).toEqual([]);
      expect(short(await ids('/public/transactions?direction=out'))).toEqual(['t5', 't3', 't2']);
      expect(short(await ids('/public/transactions?direction=in&currency=SEK'))).toEqual(['t8', 't7', 't1']);
      expect(short(await ids(`/public/transactions?direction=out&account_id=${TOP}`))).toEqual(['t2']);
      expect(short(await ids('/public/transactions?direction=out&amount_min=100'))).toEqual(['t5', 't2']);
    });

    it('filters by OCR, reference and free text on counterparty and message', async () => {
      expect(short(await ids('/public/transactions?ocr=4000000000123'))).toEqual(['t1']);
      expect(short(await ids('/public/transactions?ocr=400000000012'))).toEqual([]);
      expect(short(await ids('/public/transactions?reference=E2E-PAY-1'))).toEqual(['t2']);
      expect(short(await ids('/public/transactions?reference=DNB-0001'))).toEqual(['t4']);
      expect(short(await ids('/public/transactions?reference=DNB'))).toEqual([]);
      expect(short(await ids('/public/transactions?q=kund'))).toEqual(['t7', 't1', 't4', 't6']);
      expect(short(await ids('/public/transactions?q=KUND%20AB'))).toEqual(['t7', 't1']);
      expect(short(await ids('/public/transactions?q=faktura'))).toEqual(['t2']);
      expect(short(await ids(`/public/transactions?q=${encodeURIComponent('koncernöverföring')}`))).toEqual([
        't8',
      ]);
      expect(short(await ids(`/public/transactions?q=${encodeURIComponent('50%')}`))).toEqual(['t3']);
      expect(short(await ids(`/public/transactions?q=${encodeURIComponent('%')}`))).toEqual(['t3']);
      expect(short(await ids('/public/transactions?q=_x'))).toEqual(['t3']);
      expect(short(await ids('/public/transactions?q=_'))).toEqual(['t3']);
    });

    it('filters by reconciliation', async () => {
      expect(short(await ids('/public/transactions?reconciled=true'))).toEqual(['t8', 't1', 't4']);
      expect(short(await ids('/public/transactions?reconciled=false'))).toEqual([
        't5',
        't3',
        't7',
        't2',
        't6',
      ]);
      expect(short(await ids('/public/transactions?reconciliation_state=proposed'))).toEqual(['t3']);
      expect(short(await ids('/public/transactions?reconciliation_state=unreconciled'))).toEqual([
        't5',
        't7',
        't2',
        't6',
      ]);
    });

    it('tells transfers within the koncern from money to and from the outside world', async () => {
      expect(short(await ids('/public/transactions?intra_group=true'))).toEqual(['t8']);
      expect(short(await ids('/public/transactions?intra_group=false&reconciled=true'))).toEqual([
        't1',
        't4',
      ]);
      await expectBadRequest('/public/transactions?intra_group=maybe', 'intra_group');
    });

    it('never shows or accepts another tenant’s transactions', async () => {
      expect(await ids('/public/transactions?limit=500')).not.toContain(FOREIGN_TXN);
      await expectNotFound(`/public/transactions?account_id=${FOREIGN_ACCOUNT}`);
      await expectNotFound(`/public/transactions?company_id=${FOREIGN_COMPANY}`);
      await expectNotFound(`/public/transactions?koncern_id=${FOREIGN_KONCERN}`);
      await expectNotFound('/public/transactions?account_id=acct_doesnotexist1');
    });

    it('rejects bad dates, amounts and filter values with 400 naming the field', async () => {
      await expectBadRequest('/public/transactions?booking_date_from=2026-02-30', 'booking_date_from');
      await expectBadRequest('/public/transactions?booking_date_to=2026-13-01', 'booking_date_to');
      await expectBadRequest('/public/transactions?booking_date_from=20260301', 'booking_date_from');
      await expectBadRequest(
        '/public/transactions?booking_date_from=2026-03-05&booking_date_to=2026-03-01',
        'booking_date_from',
      );
      await expectBadRequest('/public/transactions?amount_min=1e5', 'amount_min');
      await expectBadRequest('/public/transactions?amount_min=abc', 'amount_min');
      await expectBadRequest('/public/transactions?amount_max=-5', 'amount_max');
      await expectBadRequest('/public/transactions?amount_max=1,50', 'amount_max');
      await expectBadRequest('/public/transactions?amount_min=1.001', 'amount_min');
      await expectBadRequest('/public/transactions?amount_min=1.5&currency=JPY', 'amount_min');
      await expectBadRequest('/public/transactions?amount_min=200&amount_max=100', 'amount_min');
      await expectBadRequest('/public/transactions?amount_min=9999999999999999', 'amount_min');
      await expectBadRequest('/public/transactions?currency=XYZ', 'currency');
      await expectBadRequest('/public/transactions?direction=sideways', 'direction');
      await expectBadRequest('/public/transactions?reconciled=yes', 'reconciled');
      await expectBadRequest('/public/transactions?reconciliation_state=done', 'reconciliation_state');
      await expectBadRequest('/public/transactions?account_id=txn_t1000000', 'account_id');
      await expectBadRequest(`/public/transactions?q=${'x'.repeat(201)}`, 'q');
      await expectBadRequest('/public/transactions?q=a%00b', 'q');
      await expectBadRequest('/public/transactions?ocr=%00', 'ocr');
      await expectBadRequest('/public/transactions?reference=%00', 'reference');
      await expectBadRequest('/public/transactions?currency=SEK&currency=NOK', 'currency');
      expect(short(await ids('/public/transactions?amount_min=1500&currency=JPY'))).toEqual([]);
    });
  });

  describe('limits and cursors', () => {
    const lists = ['/public/koncerner', '/public/companies', '/public/accounts', '/public/transactions'];

    it('rejects limits out of range or not whole numbers', async () => {
      for (const path of lists) {
        for (const limit of ['0', '501', 'x', '1.5', '-1', '']) {
          await expectBadRequest(`${path}?limit=${limit}`, 'limit');
        }
        expect((await list(`${path}?limit=500`)).results.length).toBeGreaterThan(0);
        expect((await list(`${path}?limit=1`)).results).toHaveLength(1);
      }
    });

    it('rejects a garbage cursor, a tampered one and one of another list', async () => {
      const koncernCursor = (await list('/public/koncerner?limit=1')).next_cursor;
      const txnCursor = (await list('/public/transactions?limit=1')).next_cursor;
      expect(koncernCursor).not.toBeNull();
      expect(txnCursor).not.toBeNull();
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const garbage = [
        'garbage!!',
        'bm90IGpzb24',
        encode({}),
        encode({ l: 'transactions', k: ['2026-02-30', '1'] }),
        encode({ l: 'transactions', k: ['2026-03-01', '-1'] }),
        encode({ l: 'transactions', k: ['2026-03-01', '99999999999999999999'] }),
        encode({ l: 'transactions', k: ['2026-03-01', 1] }),
        encode({ l: 'transactions', k: ['2026-03-01', '1.5'] }),
        encode({ l: 'transactions', k: ['2026-03-01'] }),
        encode(['transactions', '2026-03-01', '1']),
        encode(null),
        encode({ l: 'transactions', k: ['2026-03-01', '1'], x: 1 }),
        koncernCursor ?? '',
        'x'.repeat(3000),
      ];
      for (const cursor of garbage) {
        await expectBadRequest(`/public/transactions?cursor=${encodeURIComponent(cursor)}`, 'cursor');
      }
      await expectBadRequest(`/public/koncerner?cursor=${encodeURIComponent(txnCursor ?? '')}`, 'cursor');
      await expectBadRequest(
        `/public/koncerner?cursor=${encode({ l: 'koncerner', k: ['Alfa\u0000', K1] })}`,
        'cursor',
      );
      await expectBadRequest(`/public/companies?cursor=${encodeURIComponent(koncernCursor ?? '')}`, 'cursor');
      await expectBadRequest(`/public/accounts?cursor=${encodeURIComponent(koncernCursor ?? '')}`, 'cursor');
    });
  });

  describe('scope', () => {
    it('needs a token with read:ledger', async () => {
      const reportingOnly = await fetchToken(api.url, alfa, 'read:reporting');
      for (const path of [
        '/public/koncerner',
        '/public/companies',
        '/public/accounts',
        `/public/accounts/${TOP}`,
        '/public/transactions',
      ]) {
        const forbidden = await call(path, reportingOnly);
        expect(forbidden.status).toBe(403);
        expect(forbidden.body).toMatchObject({
          type: 'https://finvis.se/problems/insufficient-scope',
          status: 403,
        });
        expect((await call(path, null)).status).toBe(401);
      }
    });
  });

  describe('stable pagination while transactions arrive', () => {
    let counter = 0;
    const accountId = 'acct_gammaacct001';

    async function insertGamma(bookingDate: string): Promise<string> {
      counter += 1;
      const id = `txn_gamma${String(counter).padStart(6, '0')}`;
      await database.handle.db
        .insert(transactions)
        .values(
          txn(id, accountId, bookingDate, BigInt(counter * 100 - 50), 'SEK', { tenantId: gammaTenant }),
        );
      return id;
    }

    /** What a fresh walk sees now, from the database, in API order. */
    async function expectedOrder(): Promise<string[]> {
      return await walk('/public/transactions?limit=500', gammaToken);
    }

    beforeAll(async () => {
      const db = database.handle.db;
      await db.insert(koncerner).values({ id: 'kon_gammakon001', tenantId: gammaTenant, name: 'Gamma' });
      await db.insert(companies).values({
        id: 'co_gammaco00001',
        tenantId: gammaTenant,
        koncernId: 'kon_gammakon001',
        name: 'Gamma AB',
        country: 'SE',
        functionalCurrency: 'SEK',
      });
      await db.insert(bankAccounts).values({
        id: accountId,
        tenantId: gammaTenant,
        companyId: 'co_gammaco00001',
        name: 'Gamma drift',
        bankName: 'Swedbank',
        bic: 'SWEDSESS',
        currency: 'SEK',
        kind: 'operating',
        openedOn: '2026-01-01',
      });
      // 60 transactions over 12 days, five a day, inserted in shuffled date order.
      const days = Array.from(
        { length: 12 },
        (_, i) => `2026-04-${String(((i * 5) % 12) + 10).padStart(2, '0')}`,
      );
      for (const day of days) for (let i = 0; i < 5; i++) await insertGamma(day);
    });

    it('walks every page without gaps or repeats, with older, same-day and newer rows arriving between pages', async () => {
      const before = await expectedOrder();
      expect(before).toHaveLength(60);
      expect(new Set(before).size).toBe(60);

      const older: string[] = [];
      const newer: string[] = [];
      const lastSeen: { date: string; id: string }[] = [];
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 100; page++) {
        const path: string = `/public/transactions?limit=7${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
        const body = await list<{ id: string; booking_date: string }>(path, gammaToken);
        seen.push(...body.results.map((row) => row.id));
        const last = body.results.at(-1);
        if (last) lastSeen.push({ date: last.booking_date, id: last.id });
        cursor = body.next_cursor;
        if (cursor === null) break;
        // Between pages: a row far in the past, one far in the future, and one on the cursor's own day.
        // Each older row is older than every row before it, so it always lies ahead of the cursor.
        older.push(await insertGamma(`2026-03-${String(28 - page).padStart(2, '0')}`));
        newer.push(await insertGamma(`2026-05-${String(10 + page).padStart(2, '0')}`));
        newer.push(await insertGamma(last?.booking_date ?? '2026-04-10'));
      }

      // Every row that existed when the walk began, exactly once and in order.
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => before.includes(id))).toEqual(before);
      // Rows booked later than the position reached (or on its day, recorded later) come before the cursor: never shown.
      for (const id of newer) expect(seen).not.toContain(id);
      // Rows booked earlier than the position reached lie ahead: each is shown once, in its place.
      for (const id of older) expect(seen).toContain(id);
      const after = await expectedOrder();
      expect(seen).toEqual(after.filter((id) => !newer.includes(id)));
    });

    it('keeps a filtered walk stable too', async () => {
      const filtered = `/public/transactions?account_id=${accountId}&booking_date_from=2026-04-10&booking_date_to=2026-04-21&direction=in`;
      const before = await walk(`${filtered}&limit=500`, gammaToken);
      const seen = await walk(`${filtered}&limit=4`, gammaToken, async (page) => {
        await insertGamma(`2026-04-${String(10 + (page % 12)).padStart(2, '0')}`);
      });
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.filter((id) => before.includes(id))).toEqual(before);
    });
  });

  describe('over the demo koncern', () => {
    it('pages every transaction of the seeded demo tenant once, and shows a balance on every account', async () => {
      const db = database.handle.db;
      const seeded = await seedDemoTenant(db, {
        tenantName: 'ledger-demo',
        seed: 42,
        size: 'demo',
        today: '2026-03-04',
      });
      const { client, secret } = await createApiClient(db, {
        tenantId: seeded.tenantId,
        name: 'demo',
        scopes: ['read:ledger'],
      });
      const demoToken = await fetchToken(api.url, { tenantId: seeded.tenantId, clientId: client.id, secret });

      const [stored] = await db
        .select({ n: count() })
        .from(transactions)
        .where(eq(transactions.tenantId, seeded.tenantId));
      const walked = await walk('/public/transactions?limit=500', demoToken);
      expect(walked).toHaveLength(stored?.n ?? -1);
      expect(new Set(walked).size).toBe(walked.length);

      const accounts = await list<{ balance: unknown; koncern_id: string }>(
        '/public/accounts?limit=500',
        demoToken,
      );
      expect(accounts.results).toHaveLength(seeded.counts.bankAccounts);
      for (const account of accounts.results) expect(account.balance).not.toBeNull();
      const companiesPage = await list('/public/companies?limit=500', demoToken);
      expect(companiesPage.results).toHaveLength(seeded.counts.companies);
    });
  });
});
