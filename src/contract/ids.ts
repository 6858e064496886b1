import { z } from 'zod';

/** Every id is an opaque string with a type prefix, so an id of the wrong type is rejected early. */
export const idPrefixes = {
  tenant: 'ten',
  koncern: 'kon',
  company: 'co',
  account: 'acct',
  transaction: 'txn',
  batch: 'batch',
  payment: 'pmt',
  approval: 'appr',
  match: 'match',
  openItem: 'oi',
  webhookEndpoint: 'whep',
  webhookDelivery: 'whdel',
  statementImport: 'imp',
  event: 'evt',
  client: 'cli',
} as const;

export type IdKind = keyof typeof idPrefixes;

const ID_BODY = /^[0-9a-z]{8,40}$/;

export function isIdOf(kind: IdKind, value: string): boolean {
  const prefix = `${idPrefixes[kind]}_`;
  return value.startsWith(prefix) && ID_BODY.test(value.slice(prefix.length));
}

export function idSchema(kind: IdKind) {
  const prefix = idPrefixes[kind];
  return z
    .string()
    .refine((value) => isIdOf(kind, value), { message: `must be a ${kind} id (${prefix}_…)` })
    .meta({
      description: `A ${kind} id: \`${prefix}_\` followed by 8–40 lowercase letters or digits.`,
      example: `${prefix}_01h2xcejqtf2nbrexx3vqjhp41`,
    });
}
