import { InvalidArgumentError, type Command } from 'commander';
import { withTenant } from '../api/db/tenant-scope';
import { reconcileTenant } from '../api/reconciliation/engine';
import { basisPointsOf } from '../api/reconciliation/matches';
import { saveAutoConfirmBasisPoints } from '../api/reconciliation/settings';
import { withCliDatabase } from './database';
import { requireTenantId } from './import-open-items';

function parseThreshold(value: string): number {
  if (!/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/.test(value)) {
    throw new InvalidArgumentError('the threshold is a decimal between 0 and 1 such as 0.97');
  }
  return basisPointsOf(value);
}

/** `finvis reconcile --tenant T`: a full engine run over everything unreconciled and open. */
export function registerReconcileCommand(program: Command): void {
  program
    .command('reconcile')
    .description('Match every unreconciled bank transaction of a tenant against its open items.')
    .requiredOption('--tenant <name>', 'the tenant')
    .option(
      '--auto-confirm-threshold <confidence>',
      "set the tenant's auto-confirm threshold first (0–1; default 0.97)",
      parseThreshold,
    )
    .action((options: { tenant: string; autoConfirmThreshold?: number }) =>
      withCliDatabase(async (db) => {
        const tenantId = await requireTenantId(db, options.tenant);
        const started = performance.now();
        const summary = await withTenant(db, tenantId, async (tx) => {
          if (options.autoConfirmThreshold !== undefined) {
            await saveAutoConfirmBasisPoints(tx, tenantId, options.autoConfirmThreshold);
          }
          return reconcileTenant(tx, tenantId);
        });
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        process.stdout.write(
          `Reconciled ${options.tenant} in ${seconds} s: ${summary.transactionsConsidered} transaction(s) and ` +
            `${summary.openItemsConsidered} open item(s) considered; ${summary.autoConfirmed} match(es) confirmed, ` +
            `${summary.proposed} proposed for review.\n`,
        );
      }),
    );
}
