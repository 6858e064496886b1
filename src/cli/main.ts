import { Command } from 'commander';
import { registerClientCommands } from './clients';
import { registerImportOpenItemsCommand } from './import-open-items';
import { registerReconcileCommand } from './reconcile';
import { withCliDatabase } from './database';
import { registerImportCommands } from './import';
import { registerSeedCommand } from './seed';
import { registerTenantCommands } from './tenants';

const program = new Command()
  .name('finvis')
  .description('Finvis: treasury automation for Swedish koncerner. `finvis start` runs everything.')
  .showHelpAfterError();

program
  .command('start')
  .description('Migrate the database, start the Finvis API and the BFF with the dashboard, print the URL.')
  // Loaded only to start: the API, the BFF and the identity provider cost every other command half a second.
  .action(async () => (await import('./start')).startCommand());

program
  .command('migrate')
  .description('Bring the database schema up to date (through the running server when one runs).')
  .action(() =>
    withCliDatabase((_db, handle) => {
      process.stdout.write(`Migrations are up to date on ${handle.description}.\n`);
    }),
  );

registerTenantCommands(program);
registerClientCommands(program);
registerSeedCommand(program);
registerImportOpenItemsCommand(registerImportCommands(program));
registerReconcileCommand(program);

program.parseAsync().catch((error: unknown) => {
  process.stderr.write(`finvis: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
