import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { createTenant, findTenantByName, listTenants } from '../repositories/tenants';
import { selectRows } from './rows';
import { auditLog, transactions } from './schema';

const EXPECTED_TABLES = [
  'account_balances',
  'audit_log',
  'bank_accounts',
  'companies',
  'fx_rates',
  'koncerner',
  'open_items',
  'tenants',
  'transactions',
];

describe.each(testEngines)('database layer on %s', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('runs the migrations: every table of the first migration exists', async () => {
    const result = await selectRows<{ table_name: string }>(
      database.handle.db,
      sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = result.map((row) => row.table_name);
    expect(names).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });

  it('gives every tenant-owned table a tenant_id and stores money as bigint', async () => {
    const result = await selectRows<{
      table_name: string;
      column_name: string;
      data_type: string;
    }>(
      database.handle.db,
      sql`select table_name, column_name, data_type from information_schema.columns
          where table_schema = 'public' and (column_name = 'tenant_id' or column_name like '%_minor')`,
    );
    const tenantTables = new Set(
      result.filter((r) => r.column_name === 'tenant_id').map((r) => r.table_name),
    );
    for (const table of EXPECTED_TABLES.filter((t) => t !== 'tenants' && t !== 'fx_rates')) {
      expect(tenantTables, `${table} has tenant_id`).toContain(table);
    }
    const moneyColumns = result.filter((r) => r.column_name.endsWith('_minor'));
    expect(moneyColumns.length).toBeGreaterThanOrEqual(4);
    for (const column of moneyColumns)
      expect(column.data_type, `${column.table_name}.${column.column_name}`).toBe('bigint');
  });

  it('reads back through the repository what the repository wrote', async () => {
    const created = await createTenant(database.handle.db, 'nordkap');
    expect(created.id).toMatch(/^ten_[0-9a-z]{26}$/);
    const found = await findTenantByName(database.handle.db, 'nordkap');
    expect(found).toEqual(created);
    expect((await listTenants(database.handle.db)).map((t) => t.name)).toContain('nordkap');
    await expect(createTenant(database.handle.db, 'nordkap')).rejects.toThrow(/already exists/);
    await expect(createTenant(database.handle.db, 'Not A Slug')).rejects.toThrow(/not a valid tenant name/);
  });

  it('keeps money exact beyond 2^53 minor units', async () => {
    const db = database.handle.db;
    const tenant = await createTenant(db, 'bigmoney');
    await db.execute(
      sql`insert into koncerner (id, tenant_id, name) values ('kon_big00001', ${tenant.id}, 'Big')`,
    );
    await db.execute(
      sql`insert into companies (id, tenant_id, koncern_id, name, country, functional_currency)
          values ('co_big00001', ${tenant.id}, 'kon_big00001', 'Big AB', 'SE', 'SEK')`,
    );
    await db.execute(
      sql`insert into bank_accounts (id, tenant_id, company_id, name, bank_name, bic, currency, kind, opened_on)
          values ('acct_big00001', ${tenant.id}, 'co_big00001', 'Main', 'SEB', 'ESSESESS', 'SEK', 'operating', '2024-01-02')`,
    );
    const huge = 9_007_199_254_740_993n; // 2^53 + 1: a float would lose the last digit
    await db.insert(transactions).values({
      id: 'txn_big00001',
      tenantId: tenant.id,
      accountId: 'acct_big00001',
      bookingDate: '2026-11-25',
      valueDate: '2026-11-25',
      amountMinor: huge,
      currency: 'SEK',
      bankReference: 'REF-1',
    });
    const [row] = await db
      .select()
      .from(transactions)
      .where(sql`${transactions.id} = 'txn_big00001'`);
    expect(row?.amountMinor).toBe(huge);
    expect(row?.bookingDate).toBe('2026-11-25');
  });

  it('refuses to change or delete audit log entries', async () => {
    const db = database.handle.db;
    await db
      .insert(auditLog)
      .values({ action: 'tenant.created', resourceType: 'tenant', resourceId: 'ten_x' });
    await expect(db.execute(sql`update audit_log set action = 'forged'`)).rejects.toThrow();
    await expect(db.execute(sql`delete from audit_log`)).rejects.toThrow();
    const result = await selectRows<{ count: string }>(
      db,
      sql`select count(*)::text as count from audit_log where action = 'forged'`,
    );
    expect(result[0]?.count).toBe('0');
  });
});
