import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi } from '../../../test/support/api-server';
import { buildBgmax, buildCamt053, buildCamt054, type TestStatement } from '../../../test/support/bank-files';
import { FIXTURES_PRESENT, fixtureBytes, reportMissingFixtures } from '../../../test/support/bank-fixtures';
import { createTestClient, fetchToken } from '../../../test/support/clients';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import type { StatementImport, StatementImportList } from '../../contract/imports';
import type { Transaction } from '../../contract/ledger';
import type { Problem } from '../../contract/problem';
import type { Database } from '../db/client';
import {
  accountBalances,
  auditLog,
  accountDailyFlows,
  bankAccounts,
  companies,
  koncerner,
  outbox,
  transactions,
} from '../db/schema';
import type { RunningApi } from '../server';

const KONCERN = 'kon_impkoncern01';
const COMPANY = 'co_impcompany001';
const SEK_ACCOUNT = 'acct_impsek000001';
const BG_ACCOUNT = 'acct_impbg0000001';
const IBAN = 'SE4550000000058398257466';
const BG_IBAN = 'SE7280000810340009783242';
const BANKGIRO = '56781234';

async function insertFixture(db: Database, tenantId: string): Promise<void> {
  await db.insert(koncerner).values({ id: KONCERN, tenantId, name: 'Import Koncern' });
  await db.insert(companies).values({
    id: COMPANY,
    tenantId,
    koncernId: KONCERN,
    name: 'Import AB',
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
      iban: IBAN,
      currency: 'SEK',
      kind: 'operating',
      openedOn: '2020-01-01',
    },
    {
      id: BG_ACCOUNT,
      tenantId,
      companyId: COMPANY,
      name: 'Inbetalningar',
      bankName: 'Swedbank',
      bic: 'SWEDSESS',
      iban: BG_IBAN,
      bankgiro: BANKGIRO,
      currency: 'SEK',
      kind: 'operating',
      openedOn: '2020-01-01',
    },
  ]);
  await db.insert(accountBalances).values({
    tenantId,
    accountId: SEK_ACCOUNT,
    balanceDate: '2026-11-20',
    bookedMinor: 1_000_000_00n,
    availableMinor: 1_000_000_00n,
    source: 'bank',
    asOf: new Date(),
  });
}

const statement = (overrides: Partial<TestStatement> = {}): TestStatement => ({
  version: '08',
  messageId: 'SEB-MSG-20261124',
  statementId: 'SEB-STMT-20261124',
  iban: IBAN,
  currency: 'SEK',
  openingMinor: 1_000_000_00n,
  openingDate: '2026-11-23',
  closingDate: '2026-11-24',
  entries: [
    {
      amountMinor: 12_500_00n,
      bookingDate: '2026-11-24',
      reference: 'SEB-REF-1',
      endToEndId: 'E2E-CUST-1',
      ocr: '4107183279',
      counterpartyName: 'Kund Ett AB',
      counterpartyIban: 'SE3550000000054910000003',
    },
    {
      amountMinor: -3_450_75n,
      bookingDate: '2026-11-24',
      reference: 'SEB-REF-2',
      endToEndId: 'PAY-77',
      message: 'Faktura 9912',
      counterpartyName: 'Leverantören AB',
    },
    {
      amountMinor: 7_000_00n,
      bookingDate: '2026-11-24',
      reference: 'SEB-REF-3',
      batch: [
        { amountMinor: 4_000_00n, endToEndId: 'B-1', ocr: '1234567897', counterpartyName: 'Kund Två AB' },
        { amountMinor: 3_000_00n, endToEndId: 'B-2', counterpartyName: 'Kund Tre AB' },
      ],
    },
  ],
  ...overrides,
});

describe.each(testEngines)('statement imports over HTTP on %s', (engine) => {
  let database: TestDatabase;
  let api: RunningApi;
  let token: string;
  let readOnlyToken: string;
  let ledgerToken: string;
  let otherTenantToken: string;
  let tenantId: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    api = await startTestApi(database.handle);
    const client = await createTestClient(
      database.handle.db,
      'importer',
      ['read:reconciliation', 'write:reconciliation', 'read:ledger'],
      1_000_000,
    );
    tenantId = client.tenantId;
    await insertFixture(database.handle.db, tenantId);
    token = await fetchToken(api.url, client);
    readOnlyToken = await fetchToken(api.url, client, 'read:reconciliation');
    ledgerToken = await fetchToken(api.url, client, 'read:ledger');
    otherTenantToken = await fetchToken(
      api.url,
      await createTestClient(database.handle.db, 'importer-other', [
        'read:reconciliation',
        'write:reconciliation',
      ]),
    );
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
  });

  function upload(
    kind: string,
    file: string | Uint8Array,
    options: { key?: string; token?: string; fileName?: string } = {},
  ) {
    const query = new URLSearchParams({ kind, ...(options.fileName ? { file_name: options.fileName } : {}) });
    return fetch(`${api.url}/public/imports?${query}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${options.token ?? token}`,
        'idempotency-key': options.key ?? randomUUID(),
        'content-type': kind === 'bgmax' ? 'text/plain; charset=iso-8859-1' : 'application/xml',
        'finvis-acting-user': 'treasurer@import.se',
      },
      body: typeof file === 'string' ? file : Buffer.from(file),
    });
  }

  function get(path: string, withToken = token) {
    return fetch(`${api.url}${path}`, { headers: { authorization: `Bearer ${withToken}` } });
  }

  async function accountTransactions(accountId: string) {
    const response = await get(`/public/transactions?account_id=${accountId}&limit=500`, ledgerToken);
    expect(response.status).toBe(200);
    return ((await response.json()) as { results: Transaction[] }).results;
  }

  async function bookedOn(accountId: string, date: string) {
    const [row] = await database.handle.db
      .select()
      .from(accountBalances)
      .where(and(eq(accountBalances.accountId, accountId), eq(accountBalances.balanceDate, date)));
    return row;
  }

  const camt = buildCamt053(statement());

  it('books a camt.053: transactions, events, balances and daily flows, in one go', async () => {
    const response = await upload('camt053', camt, { fileName: 'seb-20261124.xml' });
    const body = (await response.json()) as StatementImport;
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(response.headers.get('location')).toBe(`/public/imports/${body.id}`);
    expect(body).toMatchObject({
      kind: 'camt053',
      status: 'completed',
      file_name: 'seb-20261124.xml',
      format: 'camt.053.001.08',
      message_id: 'SEB-MSG-20261124',
      account_ids: [SEK_ACCOUNT],
      statements: 1,
      entries_booked: 4,
      duplicates_skipped: 0,
      entries_not_booked: 0,
      balances_booked: 1,
      errors: [],
      created_by: { acting_user: 'treasurer@import.se' },
    });

    const [audited] = await database.handle.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.resourceId, body.id));
    expect(audited).toMatchObject({
      action: 'statement_import.completed',
      actingUser: 'treasurer@import.se',
      requestId: response.headers.get('x-request-id'),
      detail: { kind: 'camt053', entries_booked: 4 },
    });
    expect(audited?.clientId).toMatch(/^cli_/);

    const booked = await accountTransactions(SEK_ACCOUNT);
    expect(
      booked
        .map((t) => [t.bank_reference, t.amount.amount, t.ocr, t.end_to_end_id, t.counterparty_name])
        .sort(),
    ).toEqual([
      ['SEB-REF-1', '12500.00', '4107183279', 'E2E-CUST-1', 'Kund Ett AB'],
      ['SEB-REF-2', '-3450.75', null, 'PAY-77', 'Leverantören AB'],
      ['SEB-REF-3/1', '4000.00', '1234567897', 'B-1', 'Kund Två AB'],
      ['SEB-REF-3/2', '3000.00', null, 'B-2', 'Kund Tre AB'],
    ]);
    expect(booked.find((t) => t.bank_reference === 'SEB-REF-2')?.message).toBe('Faktura 9912');

    const events = await database.handle.db
      .select()
      .from(outbox)
      .where(eq(outbox.type, 'transaction.created'));
    const eventData = events.map((e) => e.payload.data as { id: string });
    expect(eventData.map((d) => d.id).sort()).toEqual(booked.map((t) => t.id).sort());
    // The event carries the transaction exactly as GET /public/transactions shows it.
    for (const transaction of booked)
      expect(eventData.find((d) => d.id === transaction.id)).toEqual(transaction);

    expect(await bookedOn(SEK_ACCOUNT, '2026-11-24')).toMatchObject({
      bookedMinor: 1_016_049_25n,
      availableMinor: 1_016_049_25n,
      source: 'bank',
    });
    const [flows] = await database.handle.db
      .select()
      .from(accountDailyFlows)
      .where(and(eq(accountDailyFlows.accountId, SEK_ACCOUNT), eq(accountDailyFlows.flowDate, '2026-11-24')));
    expect(flows).toMatchObject({ inflowMinor: 19_500_00n, outflowMinor: -3_450_75n, transactionCount: 4 });
  });

  it('the same file again books nothing twice: 409 naming the first import', async () => {
    const before = await accountTransactions(SEK_ACCOUNT);
    const response = await upload('camt053', camt);
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Problem & { import_id: string };
    expect(problem.detail).toMatch(
      /^This file was imported as imp_\w+ at .* \(same bytes\); nothing was booked again\.$/,
    );
    // Re-serialised (other bytes), the same message id is recognised as well.
    const again = await upload('camt053', camt.replaceAll('\n', '\r\n'));
    expect(again.status).toBe(409);
    expect(((await again.json()) as Problem).detail).toMatch(/same kind and message id/);
    expect(await accountTransactions(SEK_ACCOUNT)).toEqual(before);
    // Message ids are unique per bank, not across banks: the same id about another account is new.
    const otherBank = buildCamt053(statement({ iban: BG_IBAN, openingMinor: 0n, statementId: 'SWED-1' }));
    const booked = await upload('camt053', otherBank);
    expect(booked.status).toBe(201);
    expect(((await booked.json()) as StatementImport).account_ids).toEqual([BG_ACCOUNT]);
  });

  it('the same Idempotency-Key replays the stored response', async () => {
    const key = randomUUID();
    const file = buildCamt053(
      statement({
        messageId: 'SEB-MSG-REPLAY',
        statementId: 'S-REPLAY',
        openingMinor: 1_016_049_25n,
        openingDate: '2026-11-24',
        closingDate: '2026-11-25',
        entries: [{ amountMinor: 1_00n, bookingDate: '2026-11-25', reference: 'SEB-REF-REPLAY' }],
      }),
    );
    const first = await upload('camt053', file, { key });
    const firstBody = await first.text();
    expect(first.status, firstBody).toBe(201);
    const second = await upload('camt053', file, { key });
    expect(second.status).toBe(201);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.text()).toBe(firstBody);
    const otherKind = await upload('camt054', file, { key });
    expect(otherKind.status).toBe(422);
  });

  it('a camt.054 notification overlapping the statement books only what is new', async () => {
    const notification = buildCamt054({
      ...statement({ messageId: 'SEB-NTF-1', statementId: 'SEB-NTF-1' }),
      entries: [
        ...statement().entries.slice(0, 2),
        {
          amountMinor: 2_000_00n,
          bookingDate: '2026-11-25',
          reference: 'SEB-REF-4',
          ocr: '5555555556',
          counterpartyName: 'Kund Fyra AB',
        },
        {
          amountMinor: -1_000_00n,
          bookingDate: '2026-11-25',
          reference: 'SEB-REF-5',
          message: 'Överföring till inbetalningskontot',
          counterpartyName: 'Import AB',
          counterpartyIban: BG_IBAN,
        },
      ],
    });
    const response = await upload('camt054', notification);
    const body = (await response.json()) as StatementImport;
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({
      format: 'camt.054.001.08',
      entries_booked: 2,
      duplicates_skipped: 2,
      balances_booked: 0,
    });
    const booked = await accountTransactions(SEK_ACCOUNT);
    expect(booked.filter((t) => t.bank_reference === 'SEB-REF-1')).toHaveLength(1);
    // A transfer to another account of the koncern is intra-group; a customer's payment is not.
    expect(booked.filter((t) => t.intra_group).map((t) => t.bank_reference)).toEqual(['SEB-REF-5']);
    // No bank balance for the 25th in this file: the booked one moves with the new money.
    expect((await bookedOn(SEK_ACCOUNT, '2026-11-25'))?.bookedMinor).toBe(
      1_016_049_25n + 1_00n + 2_000_00n - 1_000_00n,
    );
  });

  it('books a BGMax file on the account with that bankgiro', async () => {
    const file = buildBgmax({
      timestamp: '20261124100000000001',
      bankgiro: BANKGIRO,
      paymentDate: '2026-11-24',
      depositSerial: '7',
      payments: [
        { amountMinor: 990_00n, senderBankgiro: '1234566', ocr: '4107183279', name: 'Kund Ett AB' },
        { amountMinor: 450_00n, senderBankgiro: '7654321', message: 'Faktura 77', name: 'Öresund Åkeri AB' },
      ],
    });
    const response = await upload('bgmax', file);
    const body = (await response.json()) as StatementImport;
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ format: 'BGMAX 01', account_ids: [BG_ACCOUNT], entries_booked: 2 });
    const booked = (await accountTransactions(BG_ACCOUNT)).filter((t) =>
      t.bank_reference.startsWith('BGMAX-'),
    );
    expect(
      booked
        .map((t) => [t.amount.amount, t.ocr, t.message, t.counterparty_name, t.counterparty_account])
        .sort(),
    ).toEqual([
      ['450.00', null, 'Faktura 77', 'Öresund Åkeri AB', '7654321'],
      ['990.00', '4107183279', null, 'Kund Ett AB', '1234566'],
    ]);
  });

  it('a broken file is refused with 400, its errors and lines, books nothing, and is kept as rejected', async () => {
    const before = await database.handle.db.select().from(transactions);
    const broken = camt.replace('<Amt Ccy="SEK">3450.75</Amt>', '<Amt Ccy="SEK">34x0.75</Amt>');
    const response = await upload('camt053', broken);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await response.json()) as Problem & { import_id: string };
    const line = broken.split('\n').findIndex((l) => l.includes('34x0.75')) + 1;
    expect(problem.errors).toEqual([
      {
        path: `line ${line}: Stmt[1]/Ntry[2]/Amt`,
        message: 'amount "34x0.75" is not a decimal number like 1234.50',
      },
    ]);
    expect(problem.detail).toContain(problem.import_id);
    const kept = (await (await get(`/public/imports/${problem.import_id}`)).json()) as StatementImport;
    expect(kept).toMatchObject({
      status: 'rejected',
      entries_booked: 0,
      errors: [{ line, where: 'Stmt[1]/Ntry[2]/Amt' }],
    });
    expect(await database.handle.db.select().from(transactions)).toHaveLength(before.length);
  });

  it('a statement whose closing balance does not follow from its entries is refused', async () => {
    const response = await upload(
      'camt053',
      buildCamt053(statement({ messageId: 'BAD-SUM', closingMinor: 1n })),
    );
    expect(response.status).toBe(400);
    const problem = (await response.json()) as Problem;
    expect(problem.errors?.[0]?.message).toMatch(
      /^is 0\.01 SEK, but the opening balance 1000000\.00 SEK plus the booked entries/,
    );
  });

  it("an account the tenant does not have is 422 and books nothing; so is another tenant's", async () => {
    const unknown = buildCamt053(statement({ messageId: 'UNKNOWN-ACCT', iban: 'SE3550000000054910000003' }));
    const response = await upload('camt053', unknown);
    expect(response.status).toBe(422);
    const problem = (await response.json()) as Problem;
    const statementLine = unknown.split('\n').findIndex((l) => l.includes('<Stmt>')) + 1;
    expect(problem.errors).toEqual([
      {
        path: `line ${statementLine}: statement SEB-STMT-20261124`,
        message: 'account SE3550000000054910000003 is not an account of this tenant',
      },
    ]);
    const foreign = await upload('camt053', buildCamt053(statement({ messageId: 'FOREIGN' })), {
      token: otherTenantToken,
    });
    expect(foreign.status).toBe(422);
    expect(((await foreign.json()) as Problem).errors?.[0]?.message).toBe(
      `account ${IBAN} is not an account of this tenant`,
    );
  });

  it('an account in another currency than the statement is 422', async () => {
    const response = await upload('camt053', buildCamt053(statement({ messageId: 'EUR', currency: 'EUR' })));
    expect(response.status).toBe(422);
    expect(((await response.json()) as Problem).errors?.[0]?.message).toBe(
      `the statement is in EUR, but account ${IBAN} (${SEK_ACCOUNT}) is in SEK`,
    );
  });

  it('refuses requests without a file or a kind, and checks scopes and tenants', async () => {
    const empty = await upload('camt053', '');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Problem).errors).toEqual([
      { path: '/body', message: 'the file is empty' },
    ]);
    const noKind = await upload('pdf', camt);
    expect(noKind.status).toBe(400);
    expect(((await noKind.json()) as Problem).errors?.[0]?.path).toBe('/kind');
    expect((await upload('camt053', camt, { token: readOnlyToken })).status).toBe(403);
    expect((await get('/public/imports', ledgerToken)).status).toBe(403);

    const list = (await (
      await get('/public/imports?status=completed&limit=2')
    ).json()) as StatementImportList;
    expect(list.results).toHaveLength(2);
    expect(list.results.every((i) => i.status === 'completed')).toBe(true);
    expect(list.next_cursor).not.toBeNull();
    const next = (await (
      await get(`/public/imports?status=completed&limit=2&cursor=${list.next_cursor}`)
    ).json()) as StatementImportList;
    expect(next.results.map((i) => i.id)).not.toContain(list.results[0]?.id);

    const mine = list.results[0]!.id;
    expect((await get(`/public/imports/${mine}`, otherTenantToken)).status).toBe(404);
    expect(
      ((await (await get('/public/imports', otherTenantToken)).json()) as StatementImportList).results.every(
        (i) => i.status === 'rejected',
      ),
    ).toBe(true);
  });

  it('imports open items from CSV through the same endpoint (kind=open_items)', async () => {
    const header =
      'external_id,kind,company_org_number,counterparty_name,reference,ocr,amount,currency,due_date';
    const csv = [
      header,
      'INV-1001,receivable,5560000001,Kund Ett AB,Faktura 1001,1234567897,12500.00,SEK,2026-12-01',
      'SUP-77,payable,5560000001,Leverantören AB,Faktura 9912,,3450.75,SEK,2026-11-30',
    ].join('\n');
    const response = await upload('open_items', csv, { fileName: 'open-items.csv' });
    const body = (await response.json()) as StatementImport;
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({
      kind: 'open_items',
      status: 'completed',
      format: 'open-items CSV',
      entries_booked: 2,
    });
    expect((await upload('open_items', csv)).status).toBe(409);

    const broken = `${header}\nINV-1002,receivable,5560000001,Kund Två AB,,,12x5.00,SEK,2026-12-01`;
    const refused = await upload('open_items', broken);
    expect(refused.status).toBe(422);
    const problem = (await refused.json()) as Problem & { import_id: string };
    expect(problem.errors?.[0]?.path).toBe('line 2: column amount');
    const kept = (await (await get(`/public/imports/${problem.import_id}`)).json()) as StatementImport;
    expect(kept).toMatchObject({
      kind: 'open_items',
      status: 'rejected',
      errors: [{ line: 2, where: 'column amount' }],
    });
  });

  reportMissingFixtures('statement import of the shared fixtures');
  if (FIXTURES_PRESENT) {
    it('refuses the deliberately wrong camt.053 and the tab-damaged BGMax example, naming where', async () => {
      const wrong = await upload('camt053', fixtureBytes('iso20022/samples/genkgo-camt053.v2.wrong.xml'));
      expect(wrong.status).toBe(400);
      expect(((await wrong.json()) as Problem).errors).toEqual([
        {
          path: 'line 3: BkToCstmrStmt/Stmt',
          message: 'is missing: a camt.053 message holds at least one statement',
        },
      ]);
      const bgmax = await upload('bgmax', fixtureBytes('bgmax/bankgirot-example-ocr-check-length.txt'));
      expect(bgmax.status).toBe(400);
      expect(((await bgmax.json()) as Problem).errors).toEqual([
        {
          path: 'line 17: record 22 (extra reference)',
          message: 'contains a tab character at column 13; BGMax records are fixed-width text without tabs',
        },
      ]);
    });
  }
});
