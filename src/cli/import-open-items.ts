import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Database } from '../api/db/client';
import { withTenant } from '../api/db/tenant-scope';
import { ProblemError } from '../api/http/problem';
import { importOpenItemsCsv } from '../api/reconciliation/open-items-import';
import { findTenantByName } from '../api/repositories/tenants';
import { withCliDatabase } from './database';

/** The tenant named on the command line, or an error that says which name is unknown. */
export async function requireTenantId(db: Database, name: string): Promise<string> {
  const tenant = await findTenantByName(db, name);
  if (!tenant) throw new Error(`No tenant "${name}"; see \`finvis tenants list\`.`);
  return tenant.id;
}

/** `finvis import open-items FILE.csv --tenant T`: a subcommand of the `import` group. */
export function registerImportOpenItemsCommand(importGroup: Command): void {
  importGroup
    .command('open-items')
    .description(
      'Import open items from CSV (external_id,kind,company_org_number,counterparty_name,reference,ocr,amount,currency,due_date) and reconcile them.',
    )
    .argument('<file>', 'the CSV file (UTF-8)')
    .requiredOption('--tenant <name>', 'the tenant the items belong to')
    .action((file: string, options: { tenant: string }) =>
      withCliDatabase(async (db) => {
        const csv = await readFile(file, 'utf8');
        const tenantId = await requireTenantId(db, options.tenant);
        try {
          const result = await withTenant(db, tenantId, (tx) => importOpenItemsCsv(tx, tenantId, csv));
          const { reconciliation: r } = result;
          process.stdout.write(
            `Imported ${result.rows} open item(s) from ${file} into ${options.tenant}: ${result.created} created, ` +
              `${result.updated} updated, ${result.unchanged} unchanged. Reconciliation: ${r.autoConfirmed} match(es) confirmed, ` +
              `${r.proposed} proposed for review.\n`,
          );
        } catch (error) {
          if (!(error instanceof ProblemError)) throw error;
          const lines = (error.errors ?? []).map((e) => `  ${e.path}: ${e.message}`).join('\n');
          throw new Error(`${error.detail ?? error.title}\n${lines}`, { cause: error });
        }
      }),
    );
}
