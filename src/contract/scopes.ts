import { z } from 'zod';

export const scopeDescriptions = {
  'read:ledger': 'Accounts, balances, transactions, companies, koncerner',
  'read:reporting': 'Cashflow and positions',
  'read:payments': 'Payment batches, statuses, pending approvals',
  'write:payments': 'Create, submit, approve and reject payment batches',
  'read:reconciliation': 'Reconciliation matches and open items',
  'write:reconciliation': 'Confirm and reject matches, imports (a Finvis addition to the published list)',
  'admin:public_api': 'Webhook endpoints and deliveries',
} as const;

export type Scope = keyof typeof scopeDescriptions;
export const scopes = Object.keys(scopeDescriptions) as Scope[];
export const scope = z.enum(scopes as [Scope, ...Scope[]]);

/**
 * Role name (as the identity provider puts it in the roles claim) → the Finvis scopes it grants. The BFF
 * holds the table and tells the dashboard, which shows a person only what their scopes let them do.
 */
export type RoleScopes = Readonly<Record<string, readonly Scope[]>>;

/** The union of the scopes of the user's roles, in the contract's order; unknown roles grant nothing. */
export function scopesForRoles(table: RoleScopes, roles: readonly string[]): Scope[] {
  const granted = new Set<Scope>();
  for (const role of roles) {
    if (!Object.hasOwn(table, role)) continue;
    for (const s of table[role] ?? []) granted.add(s);
  }
  return scopes.filter((s) => granted.has(s));
}
