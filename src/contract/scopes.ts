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
