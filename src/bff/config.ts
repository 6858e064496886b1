import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import type { RoleScopes } from '../contract/scopes';
import { parseRoleScopes } from './auth/role-scopes';
import { liveUpdatesFromEnv, type LiveUpdatesConfig } from './live/live-config';

const bffEnvironment = z.object({
  NODE_ENV: z.string().optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  FINVIS_API_URL: z.url().default('http://localhost:4010'),
  FINVIS_STATIC_DIR: z.string().min(1).optional(),
  FINVIS_UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  FINVIS_PUBLIC_URL: z.url().optional(),
  FINVIS_DATA_DIR: z.string().min(1).default('.data'),
  FINVIS_CLIENT_ID: z.string().min(1).optional(),
  FINVIS_CLIENT_SECRET: z.string().min(1).optional(),
  FINVIS_CLIENT_CREDENTIALS_FILE: z.string().min(1).optional(),
  FINVIS_TENANT: z.string().min(1).default('demo'),
  FINVIS_ROLE_SCOPES: z.string().min(1).optional(),
  FINVIS_DEMO: z.string().optional(),
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).default('finvis-dashboard'),
  OIDC_AUDIENCE: z.string().min(1).default('urn:finvis:bff'),
  OIDC_SCOPE: z.string().min(1).default('openid profile'),
  OIDC_ROLES_CLAIM: z.string().min(1).default('finvis_roles'),
  OIDC_TENANT_CLAIM: z.string().min(1).default('finvis_tenant'),
});

/** Where the user's identity comes from: the embedded development IdP, or any OIDC issuer. */
export type IdentityConfig =
  | { kind: 'embedded'; clientId: string; audience: string; scope: string }
  | { kind: 'external'; issuer: string; clientId: string; audience: string; scope: string };

/** The BFF's own Finvis client credentials: given directly, or read from a file when first needed. */
export type ClientCredentialsSource =
  { kind: 'inline'; clientId: string; clientSecret: string } | { kind: 'file'; path: string };

export interface BffConfig {
  port: number;
  host: string;
  apiUrl: string;
  staticDir: string;
  upstreamTimeoutMs: number;
  /** The origin (and path) browsers use to reach the BFF; the embedded IdP's issuer is `${publicUrl}/idp`. */
  publicUrl?: string | undefined;
  identity: IdentityConfig;
  rolesClaim: string;
  tenantClaim: string;
  /** The tenant (by name) of the BFF's Finvis client; users whose tenant claim names another get 403. */
  tenant: string;
  roleScopes: RoleScopes;
  clientCredentials: ClientCredentialsSource;
  /** Where live updates come from (FINVIS_WEBHOOK_SECRET, or self-registration in the sandbox); default off. */
  liveUpdates?: LiveUpdatesConfig;
  /** How often an idle event stream gets a heartbeat; default 15 s. */
  liveHeartbeatMs?: number;
}

const defaultStaticDir = fileURLToPath(new URL('../../dist', import.meta.url));

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export const DEMO_IDP_IN_PRODUCTION =
  'The embedded development identity provider does not run with NODE_ENV=production: set OIDC_ISSUER ' +
  '(and OIDC_CLIENT_ID, OIDC_AUDIENCE) to your identity provider, or set FINVIS_DEMO=1 to run the demo ' +
  'sign-in with its made-up people on purpose.';

/** Refuses the embedded IdP in production unless the demo is asked for by name. */
export function assertEmbeddedIdpAllowed(env: {
  NODE_ENV?: string | undefined;
  FINVIS_DEMO?: string | undefined;
}) {
  if (env.NODE_ENV === 'production' && env.FINVIS_DEMO !== '1')
    throw new ConfigurationError(DEMO_IDP_IN_PRODUCTION);
}

export function loadBffConfig(env: NodeJS.ProcessEnv = process.env): BffConfig {
  const parsed = bffEnvironment.safeParse(withoutEmptyValues(env));
  if (!parsed.success) {
    throw new ConfigurationError(
      `Invalid configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const values = parsed.data;
  const identityBase = {
    clientId: values.OIDC_CLIENT_ID,
    audience: values.OIDC_AUDIENCE,
    scope: values.OIDC_SCOPE,
  };
  if (!values.OIDC_ISSUER) assertEmbeddedIdpAllowed(values);
  const clientCredentials: ClientCredentialsSource =
    values.FINVIS_CLIENT_ID && values.FINVIS_CLIENT_SECRET
      ? { kind: 'inline', clientId: values.FINVIS_CLIENT_ID, clientSecret: values.FINVIS_CLIENT_SECRET }
      : {
          kind: 'file',
          path: resolve(
            values.FINVIS_CLIENT_CREDENTIALS_FILE ?? join(values.FINVIS_DATA_DIR, 'bff-client.json'),
          ),
        };
  return {
    port: values.PORT,
    host: values.HOST,
    apiUrl: values.FINVIS_API_URL.replace(/\/+$/, ''),
    staticDir: values.FINVIS_STATIC_DIR ? resolve(values.FINVIS_STATIC_DIR) : defaultStaticDir,
    upstreamTimeoutMs: values.FINVIS_UPSTREAM_TIMEOUT_MS,
    publicUrl: values.FINVIS_PUBLIC_URL?.replace(/\/+$/, ''),
    identity: values.OIDC_ISSUER
      ? { kind: 'external', issuer: values.OIDC_ISSUER, ...identityBase }
      : { kind: 'embedded', ...identityBase },
    rolesClaim: values.OIDC_ROLES_CLAIM,
    tenantClaim: values.OIDC_TENANT_CLAIM,
    tenant: values.FINVIS_TENANT,
    roleScopes: parseRoleScopes(values.FINVIS_ROLE_SCOPES),
    clientCredentials,
    liveUpdates: liveUpdatesFromEnv(env),
  };
}

/** An empty variable (`DATABASE_URL=`) means unset, as in most shells' and CI's conventions. */
function withoutEmptyValues(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}
