import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { runCli } from '../../test/support/cli';
import { openTestDatabase, testEngines, type TestDatabase } from '../../test/support/databases';
import { openDatabase } from '../api/db/client';
import type { Database } from '../api/db/client';
import { book, fixtureFor, insertKoncern } from '../api/reconciliation/test-fixture';
import { OPEN_ITEMS_CSV_HEADER } from '../api/reconciliation/open-items-import';
import { createTenant, findTenantByName } from '../api/repositories/tenants';
import { createOcr } from '../banking/ocr';

const ids = fixtureFor('cli');
const OCR = createOcr('8200001', { withLengthDigit: true });

// The threshold is refused while the arguments are read, before any database is opened: one engine is enough.
it.concurrent('finvis reconcile refuses a threshold outside 0–1', async ({ expect }) => {
  const dir = mkdtempSync(join(tmpdir(), 'finvis-reconcile-cli-'));
  try {
    const env = { FINVIS_DATA_DIR: dir, DATABASE_URL: '', FINVIS_DB: 'file' };
    const badThreshold = await runCli(
      ['reconcile', '--tenant', 'acme', '--auto-confirm-threshold', '97'],
      env,
    );
    expect(badThreshold.code).toBe(1);
    expect(badThreshold.stderr).toContain('between 0 and 1');
    expect(existsSync(join(dir, 'pglite'))).toBe(false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/*
 * The engines' suites run side by side (each has its own database and its own CLI processes): on a
 * 2-core CI machine vitest runs one file at a time, and each CLI process keeps only one core busy.
 * Within a suite the steps build on each other's rows, so they run in order (it.sequential), and
 * with the embedded database only one process may hold its files at a time.
 */
describe.each(testEngines)(
  'finvis import open-items and finvis reconcile on %s',
  { concurrent: true },
  (engine) => {
    const dir = mkdtempSync(join(tmpdir(), 'finvis-reconcile-cli-'));
    let env: Record<string, string>;
    let postgres: TestDatabase | null = null;

    /** The database the CLI uses, opened here while no CLI process runs. */
    async function withDatabase(work: (db: Database) => Promise<void>): Promise<void> {
      if (postgres) return work(postgres.handle.db);
      const handle = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
      try {
        await work(handle.db);
      } finally {
        await handle.close();
      }
    }

    function file(name: string, rows: string[]): string {
      const path = join(dir, name);
      writeFileSync(path, [OPEN_ITEMS_CSV_HEADER.join(','), ...rows].join('\n'));
      return path;
    }

    beforeAll(async () => {
      if (engine === 'postgres') postgres = await openTestDatabase('postgres');
      env = { FINVIS_DATA_DIR: dir, DATABASE_URL: postgres?.url ?? '', FINVIS_DB: 'file' };
      // The tenant and its bank side are set up here, not by `finvis tenants create` (lifecycle.test.ts
      // runs that): a process of its own would cost this file seconds and test nothing more.
      await withDatabase(async (db) => {
        const tenant = await createTenant(db, 'acme');
        await insertKoncern(db, tenant.id, ids);
        await book(db, tenant.id, [
          { accountId: ids.sekAccount, amountMinor: 5_000_00n, ocr: OCR, counterpartyName: 'Kund AB' },
          { accountId: ids.sekAccount, amountMinor: 750_00n, counterpartyName: 'Annan Kund AB' },
        ]);
      });
    }, 60_000);
    afterAll(async () => {
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it.sequential(
      'imports a file, reconciling it at once, and changes nothing on a second import',
      async ({ expect }) => {
        const path = file('items.csv', [
          `F8200001,receivable,556000-0001,Kund AB,8200001,${OCR},5000.00,SEK,2026-11-20`,
          'F8200002,receivable,5560000001,Tredje AB,8200002,,900.00,SEK,2026-12-20',
        ]);
        const first = await runCli(['import', 'open-items', path, '--tenant', 'acme'], env);
        expect(first.code, first.stderr).toBe(0);
        expect(first.stdout).toContain('Imported 2 open item(s)');
        expect(first.stdout).toContain('2 created, 0 updated, 0 unchanged');
        expect(first.stdout).toContain('1 match(es) confirmed, 0 proposed');

        const second = await runCli(['import', 'open-items', path, '--tenant', 'acme'], env);
        expect(second.code, second.stderr).toBe(0);
        expect(second.stdout).toContain('0 created, 0 updated, 2 unchanged');
      },
      60_000,
    );

    it.sequential(
      'refuses a bad file naming the line and column, and an unknown tenant',
      async ({ expect }) => {
        const path = file('bad.csv', ['F9,receivable,5560000001,Kund AB,,1234567890,10.00,SEK,2026-11-20']);
        const bad = await runCli(['import', 'open-items', path, '--tenant', 'acme'], env);
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain('/lines/2/ocr: OCR reference check digit is wrong');
        const unknown = await runCli(['import', 'open-items', path, '--tenant', 'nobody'], env);
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toContain('No tenant "nobody"');
      },
      60_000,
    );

    it.sequential(
      'runs the engine in full with a threshold of the tenant',
      async ({ expect }) => {
        await withDatabase(async (db) => {
          const tenant = await findTenantByName(db, 'acme');
          await book(db, tenant?.id ?? '', [
            {
              accountId: ids.sekAccount,
              amountMinor: 900_00n,
              counterpartyName: 'Tredje AB',
              message: 'Faktura 8200002',
            },
          ]);
        });
        const run = await runCli(['reconcile', '--tenant', 'acme', '--auto-confirm-threshold', '0.999'], env);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toMatch(
          /Reconciled acme in [\d.]+ s: 2 transaction\(s\) and 1 open item\(s\) considered; 0 match\(es\) confirmed, 1 proposed for review\./,
        );
      },
      60_000,
    );
  },
);
