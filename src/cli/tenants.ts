import type { Command } from 'commander';
import { createTenant, listTenants } from '../api/repositories/tenants';
import { withCliDatabase } from './database';

export function registerTenantCommands(program: Command): void {
  const tenants = program
    .command('tenants')
    .description('Tenants: the customers whose data Finvis keeps apart.');

  tenants
    .command('create')
    .argument('<name>', 'a short slug, e.g. acme')
    .option('--json', 'print one JSON line instead of text')
    .description('Create a tenant.')
    .action((name: string, options: { json?: boolean }) =>
      withCliDatabase(async (db) => {
        const tenant = await createTenant(db, name);
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ id: tenant.id, name: tenant.name })}\n`
            : `Created tenant ${tenant.name} (${tenant.id}).\n`,
        );
      }),
    );

  tenants
    .command('list')
    .option('--json', 'print JSON instead of a table')
    .description('List the tenants.')
    .action((options: { json?: boolean }) =>
      withCliDatabase(async (db) => {
        const rows = await listTenants(db);
        if (options.json) {
          process.stdout.write(
            `${JSON.stringify(rows.map((t) => ({ id: t.id, name: t.name, created_at: t.createdAt.toISOString() })))}\n`,
          );
          return;
        }
        if (rows.length === 0)
          process.stdout.write('No tenants yet. Create one with `finvis tenants create NAME`.\n');
        for (const tenant of rows) process.stdout.write(`${tenant.id}  ${tenant.name}\n`);
      }),
    );
}
