import { InvalidArgumentError, type Command } from 'commander';
import { todayInStockholm } from '../banking/dates';
import { seedDemoTenant } from '../api/demo/seed';
import { findTenantByName } from '../api/repositories/tenants';
import { withCliDatabase } from './database';
import { DEMO_SEED, DEMO_TENANT } from './demo-bootstrap';

function parseSeed(value: string): number {
  const seed = Number(value);
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff)
    throw new InvalidArgumentError('the seed is a whole number 0–4294967295');
  return seed;
}

function parseSize(value: string): 'demo' | 'large' {
  if (value !== 'demo' && value !== 'large') throw new InvalidArgumentError('the size is demo or large');
  return value;
}

export function registerSeedCommand(program: Command): void {
  program
    .command('seed')
    .description('Create a tenant with a generated demo koncern (the same seed always gives the same data).')
    .option('--tenant <name>', 'the new tenant', DEMO_TENANT)
    .option('--seed <n>', 'the generator seed', parseSeed, DEMO_SEED)
    .option('--size <size>', 'demo (seconds) or large (1,000,000 transactions)', parseSize, 'demo' as const)
    .option('--today <date>', 'the last day of the generated history (default: today in Stockholm)')
    .action((options: { tenant: string; seed: number; size: 'demo' | 'large'; today?: string }) =>
      withCliDatabase(async (db) => {
        if (await findTenantByName(db, options.tenant)) {
          throw new Error(
            `Tenant "${options.tenant}" already exists; seeding never writes over a tenant's data.`,
          );
        }
        const result = await seedDemoTenant(db, {
          tenantName: options.tenant,
          seed: options.seed,
          size: options.size,
          today: options.today ?? todayInStockholm(),
        });
        const counts = Object.entries(result.counts as unknown as Record<string, number>)
          .map(([name, count]) => `${name} ${count.toLocaleString('sv-SE')}`)
          .join(', ');
        process.stdout.write(
          `Seeded tenant ${options.tenant} (${result.tenantId}) in ${(result.ms / 1000).toFixed(1)} s: ${counts}.\n`,
        );
      }),
    );
}
