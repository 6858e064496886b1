import { InvalidArgumentError, type Command } from 'commander';
import { scopes as knownScopes, type Scope } from '../contract/scopes';
import {
  createApiClient,
  listApiClients,
  revokeApiClient,
  rotateApiClientSecret,
  type ApiClient,
} from '../api/repositories/api-clients';
import { findTenantByName } from '../api/repositories/tenants';
import { withCliDatabase } from './database';

function parseScopes(value: string): Scope[] {
  const asked = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = asked.filter((s) => !(knownScopes as string[]).includes(s));
  if (asked.length === 0 || unknown.length > 0) {
    throw new InvalidArgumentError(
      `unknown scope(s) ${unknown.join(', ') || '(none given)'}; known: ${knownScopes.join(', ')}`,
    );
  }
  return asked as Scope[];
}

function parseRateLimit(value: string): number {
  const limit = Number(value);
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > 1_000_000) {
    throw new InvalidArgumentError('the rate limit is a whole number of requests a minute, 1–1000000');
  }
  return limit;
}

function describe(client: ApiClient): string {
  return [
    client.id,
    client.status.padEnd(7),
    client.name,
    `[${client.scopes.join(' ')}]`,
    `${client.rateLimitPerMinute}/min`,
    `last used ${client.lastUsedAt?.toISOString() ?? 'never'}`,
  ].join('  ');
}

function printSecret(client: ApiClient, secret: string, json: boolean | undefined, verb: string): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ client_id: client.id, client_secret: secret })}\n`);
    return;
  }
  process.stdout.write(
    `${verb} API client ${client.name} for tenant ${client.tenantId}.\n` +
      `  client_id:     ${client.id}\n` +
      `  client_secret: ${secret}\n` +
      'The secret is shown this once; Finvis keeps only a hash of it.\n',
  );
}

export function registerClientCommands(program: Command): void {
  const clients = program
    .command('clients')
    .description('API clients: the credentials integrators and the BFF use.');

  clients
    .command('create')
    .requiredOption('--tenant <name>', 'the tenant the client belongs to')
    .requiredOption('--name <name>', 'a name people recognise, e.g. "ERP integration"')
    .requiredOption('--scopes <list>', `comma-separated: ${knownScopes.join(',')}`, parseScopes)
    .option('--rate-limit <perMinute>', 'requests a minute (default 600)', parseRateLimit)
    .option('--json', 'print exactly one line {"client_id", "client_secret"} for scripts')
    .description('Create an API client and print its secret once.')
    .action(
      (options: { tenant: string; name: string; scopes: Scope[]; rateLimit?: number; json?: boolean }) =>
        withCliDatabase(async (db) => {
          const tenant = await findTenantByName(db, options.tenant);
          if (!tenant)
            throw new Error(
              `No tenant named "${options.tenant}". Create it with \`finvis tenants create ${options.tenant}\`.`,
            );
          const { client, secret } = await createApiClient(db, {
            tenantId: tenant.id,
            name: options.name,
            scopes: options.scopes,
            ...(options.rateLimit ? { rateLimitPerMinute: options.rateLimit } : {}),
          });
          printSecret(client, secret, options.json, 'Created');
        }),
    );

  clients
    .command('list')
    .option('--tenant <name>', 'only this tenant')
    .option('--json', 'print JSON')
    .description('List API clients (never their secrets).')
    .action((options: { tenant?: string; json?: boolean }) =>
      withCliDatabase(async (db) => {
        let tenantId: string | undefined;
        if (options.tenant) {
          const tenant = await findTenantByName(db, options.tenant);
          if (!tenant) throw new Error(`No tenant named "${options.tenant}".`);
          tenantId = tenant.id;
        }
        const rows = await listApiClients(db, tenantId);
        if (options.json) {
          const summary = rows.map((c) => ({
            client_id: c.id,
            tenant_id: c.tenantId,
            name: c.name,
            scopes: c.scopes,
            rate_limit_per_minute: c.rateLimitPerMinute,
            status: c.status,
            created_at: c.createdAt.toISOString(),
            last_used_at: c.lastUsedAt?.toISOString() ?? null,
          }));
          process.stdout.write(`${JSON.stringify(summary)}\n`);
          return;
        }
        if (rows.length === 0) process.stdout.write('No API clients.\n');
        for (const client of rows) process.stdout.write(`${describe(client)}\n`);
      }),
    );

  clients
    .command('revoke')
    .argument('<id>', 'the client id (cli_…)')
    .description('Revoke a client: its tokens stop working within seconds and it gets no new ones.')
    .action((id: string) =>
      withCliDatabase(async (db) => {
        const revoked = await revokeApiClient(db, id);
        if (!revoked) throw new Error(`No active API client ${id}.`);
        process.stdout.write(`Revoked ${revoked.id} (${revoked.name}).\n`);
      }),
    );

  clients
    .command('rotate-secret')
    .argument('<id>', 'the client id (cli_…)')
    .option('--json', 'print exactly one line {"client_id", "client_secret"}')
    .description('Replace the client secret and print the new one once.')
    .action((id: string, options: { json?: boolean }) =>
      withCliDatabase(async (db) => {
        const rotated = await rotateApiClientSecret(db, id);
        if (!rotated) throw new Error(`No active API client ${id}.`);
        printSecret(rotated.client, rotated.secret, options.json, 'Rotated the secret of');
      }),
    );
}
