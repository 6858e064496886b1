import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../test/support/databases';
import { createTenant } from '../repositories/tenants';
import { koncerner } from './schema';
import { selectRows } from './rows';
import { withTenant } from './tenant-scope';

describe.each(testEngines)('row-level security on %s', (engine) => {
  let database: TestDatabase;
  let tenantA: string;
  let tenantB: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const db = database.handle.db;
    tenantA = (await createTenant(db, 'rls-a')).id;
    tenantB = (await createTenant(db, 'rls-b')).id;
    await db.insert(koncerner).values([
      { id: 'kon_rlsaaaaaaa', tenantId: tenantA, name: 'A Koncern' },
      { id: 'kon_rlsbbbbbbb', tenantId: tenantB, name: 'B Koncern' },
    ]);
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("admits only the scoped tenant's rows, even to a query without a tenant filter", async () => {
    const rows = await withTenant(database.handle.db, tenantA, (tx) => tx.select().from(koncerner));
    expect(rows.map((r) => r.name)).toEqual(['A Koncern']);
  });

  it("holds every table with a tenant's rows to its tenant, for the API role", async () => {
    const unguarded = await selectRows<{ table: string }>(
      database.handle.db,
      sql`select c.relname as table from pg_class c
          join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
          join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
          where c.relkind in ('r', 'p')
            and not (c.relrowsecurity and exists (
              select 1 from pg_policies p
              where p.schemaname = 'public' and p.tablename = c.relname
                and 'finvis_api' = any(p.roles)
                and p.qual like '%current_setting(''app.tenant_id''%'
                and p.with_check like '%current_setting(''app.tenant_id''%'))
          order by 1`,
    );
    expect(unguarded).toEqual([]);
  });

  it('shows no rows at all to the API role when no tenant is set', async () => {
    const count = await database.handle.db.transaction(async (tx) => {
      await tx.execute(sql`set local role finvis_api`);
      const result = await selectRows<{ count: string }>(
        tx,
        sql`select count(*)::text as count from koncerner`,
      );
      return result[0]?.count;
    });
    expect(count).toBe('0');
  });

  it("refuses to write a row into another tenant's space", async () => {
    await expect(
      withTenant(database.handle.db, tenantA, (tx) =>
        tx.insert(koncerner).values({ id: 'kon_rlsforged1', tenantId: tenantB, name: 'Forged' }),
      ),
    ).rejects.toMatchObject({ cause: { message: expect.stringMatching(/row-level security/) as unknown } });
    const forged = await selectRows(
      database.handle.db,
      sql`select 1 from koncerner where id = 'kon_rlsforged1'`,
    );
    expect(forged).toHaveLength(0);
  });

  it('cannot be bypassed by the API role', async () => {
    await expect(
      withTenant(database.handle.db, tenantA, (tx) =>
        tx.execute(sql`set local row_security = off`).then(() => tx.select().from(koncerner)),
      ),
    ).rejects.toThrow();
    const attributes = await selectRows<{ rolbypassrls: boolean; rolsuper: boolean }>(
      database.handle.db,
      sql`select rolbypassrls, rolsuper from pg_roles where rolname = 'finvis_api'`,
    );
    expect(attributes[0]).toEqual({ rolbypassrls: false, rolsuper: false });
  });
});
