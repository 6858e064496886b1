import { z } from 'zod';
import { scope, scopes, type RoleScopes, type Scope } from '../../contract/scopes';

const READ_ALL: Scope[] = scopes.filter((s) => s.startsWith('read:'));

/**
 * The default table (override with `FINVIS_ROLE_SCOPES`, a JSON object of the same shape):
 * a CFO reads everything and approves nothing; approvers also decide on payments; treasurers
 * also create payments and work reconciliation; administrators read and manage webhooks.
 */
export const DEFAULT_ROLE_SCOPES: RoleScopes = {
  cfo: ['read:ledger', 'read:reporting', 'read:payments', 'read:reconciliation'],
  approver: [...READ_ALL, 'write:payments'],
  treasurer: [...READ_ALL, 'write:payments', 'write:reconciliation'],
  admin: [...READ_ALL, 'admin:public_api'],
};

const roleScopesSchema = z.record(z.string().min(1), z.array(scope));

export function parseRoleScopes(json: string | undefined): RoleScopes {
  if (json === undefined) return DEFAULT_ROLE_SCOPES;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error('FINVIS_ROLE_SCOPES is not JSON: expected {"role": ["read:ledger", …], …}');
  }
  const parsed = roleScopesSchema.safeParse(value);
  if (!parsed.success) {
    throw new Error(
      `FINVIS_ROLE_SCOPES: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}
