import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  char,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';

/*
 * Money columns are bigint minor units (mode 'bigint', so they never pass through a JS number).
 * Business dates are `date` columns read as 'YYYY-MM-DD' strings. Every tenant-owned table carries
 * tenant_id; row-level security on it is the second wall behind the tenant-scoped data access layer.
 */

const minor = (name: string) => bigint(name, { mode: 'bigint' });
const businessDate = (name: string) => date(name, { mode: 'string' });
const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  createdAt: createdAt(),
});

export const koncerner = pgTable(
  'koncerner',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    reportingCurrency: char('reporting_currency', { length: 3 }).notNull().default('SEK'),
    createdAt: createdAt(),
  },
  (t) => [index('koncerner_tenant_idx').on(t.tenantId)],
);

export const companies = pgTable(
  'companies',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    koncernId: text('koncern_id')
      .notNull()
      .references(() => koncerner.id),
    parentId: text('parent_id').references((): AnyPgColumn => companies.id),
    name: text('name').notNull(),
    /** Swedish organisationsnummer (10 digits, no dash) for Swedish companies. */
    orgNumber: text('org_number'),
    /** The national register id for foreign companies (e.g. a Norwegian organisasjonsnummer). */
    foreignId: text('foreign_id'),
    country: char('country', { length: 2 }).notNull(),
    functionalCurrency: char('functional_currency', { length: 3 }).notNull(),
    /** The parent's share in basis points (10000 = 100 %), an integer so that no float is stored. */
    ownershipBasisPoints: integer('ownership_basis_points').notNull().default(10000),
    createdAt: createdAt(),
  },
  (t) => [index('companies_tenant_koncern_idx').on(t.tenantId, t.koncernId)],
);

export const bankAccounts = pgTable(
  'bank_accounts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    name: text('name').notNull(),
    bankName: text('bank_name').notNull(),
    bic: text('bic').notNull(),
    iban: text('iban'),
    clearingNumber: text('clearing_number'),
    accountNumber: text('account_number'),
    bankgiro: text('bankgiro'),
    currency: char('currency', { length: 3 }).notNull(),
    /** operating | cash_pool_top | cash_pool_sub | savings | payroll | tax */
    kind: text('kind').notNull(),
    cashPoolTopId: text('cash_pool_top_id').references((): AnyPgColumn => bankAccounts.id),
    openedOn: businessDate('opened_on').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('bank_accounts_tenant_company_idx').on(t.tenantId, t.companyId),
    uniqueIndex('bank_accounts_iban_idx').on(t.tenantId, t.iban),
  ],
);

/**
 * One row per account and business date: the closing balance of that day. Kept in step with
 * transactions in the same database transaction, so positions for any date are one indexed lookup.
 */
export const accountBalances = pgTable(
  'account_balances',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    accountId: text('account_id')
      .notNull()
      .references(() => bankAccounts.id),
    balanceDate: businessDate('balance_date').notNull(),
    bookedMinor: minor('booked_minor').notNull(),
    availableMinor: minor('available_minor').notNull(),
    /** 'bank' when the bank reported it (a statement), 'computed' when derived from transactions. */
    source: text('source').notNull().default('computed'),
    asOf: timestamp('as_of', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.balanceDate] }),
    index('account_balances_tenant_date_idx').on(t.tenantId, t.balanceDate),
  ],
);

export const transactions = pgTable(
  'transactions',
  {
    id: text('id').primaryKey(),
    /** Insertion order: the tie-breaker that keeps cursor pagination stable while rows arrive. */
    seq: bigserial('seq', { mode: 'bigint' }).notNull().unique(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    accountId: text('account_id')
      .notNull()
      .references(() => bankAccounts.id),
    bookingDate: businessDate('booking_date').notNull(),
    valueDate: businessDate('value_date').notNull(),
    /** Signed: positive is money in, negative money out. */
    amountMinor: minor('amount_minor').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    counterpartyName: text('counterparty_name'),
    counterpartyAccount: text('counterparty_account'),
    ocr: text('ocr'),
    message: text('message'),
    bankReference: text('bank_reference').notNull(),
    endToEndId: text('end_to_end_id'),
    /** What the money is (salary, tax, customer_receipt, ...); null when unknown. */
    category: text('category'),
    /** True for transfers between accounts of the same koncern: they net to zero for the group. */
    intraGroup: boolean('intra_group').notNull().default(false),
    /** unreconciled | proposed | reconciled */
    reconciliationState: text('reconciliation_state').notNull().default('unreconciled'),
    createdAt: createdAt(),
  },
  (t) => [
    index('transactions_account_date_idx').on(t.tenantId, t.accountId, t.bookingDate, t.seq),
    index('transactions_tenant_date_idx').on(t.tenantId, t.bookingDate, t.seq),
    index('transactions_ocr_idx')
      .on(t.tenantId, t.ocr)
      .where(sql`${t.ocr} is not null`),
    uniqueIndex('transactions_bank_reference_idx').on(t.tenantId, t.accountId, t.bankReference),
  ],
);

/** What the koncern expects to be paid (receivables) or to pay (payables). */
export const openItems = pgTable(
  'open_items',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    externalId: text('external_id').notNull(),
    /** receivable | payable */
    kind: text('kind').notNull(),
    counterpartyName: text('counterparty_name').notNull(),
    reference: text('reference'),
    ocr: text('ocr'),
    amountMinor: minor('amount_minor').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    issueDate: businessDate('issue_date'),
    dueDate: businessDate('due_date').notNull(),
    /** open | settled */
    status: text('status').notNull().default('open'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('open_items_external_idx').on(t.tenantId, t.companyId, t.externalId),
    index('open_items_tenant_status_due_idx').on(t.tenantId, t.status, t.dueDate),
  ],
);

/**
 * Daily reference rates to SEK (Riksbanken-style): SEK per one unit of `currency`. Reference data
 * shared by every tenant, so it has no tenant_id. Numeric, read as a decimal string.
 */
export const fxRates = pgTable(
  'fx_rates',
  {
    currency: char('currency', { length: 3 }).notNull(),
    rateDate: businessDate('rate_date').notNull(),
    sekPerUnit: numeric('sek_per_unit', { precision: 18, scale: 6 }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.currency, t.rateDate] })],
);

/** Append-only: a trigger in the migrations refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id').references(() => tenants.id),
    clientId: text('client_id'),
    actingUser: text('acting_user'),
    action: text('action').notNull(),
    resourceType: text('resource_type'),
    resourceId: text('resource_id'),
    requestId: text('request_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    createdAt: createdAt(),
  },
  (t) => [index('audit_log_tenant_time_idx').on(t.tenantId, t.createdAt)],
);

/** An integrator's (or the BFF's) credentials: one tenant, a set of scopes, a secret kept only as a slow hash. */
export const apiClients = pgTable(
  'api_clients',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    scopes: text('scopes').array().notNull(),
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(600),
    /** scrypt$N$r$p$salt$hash — never the secret itself. */
    secretHash: text('secret_hash').notNull(),
    /** active | revoked */
    status: text('status').notNull().default('active'),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
    secretRotatedAt: timestamp('secret_rotated_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [index('api_clients_tenant_idx').on(t.tenantId)],
);

/** The API's token signing keys (JWK). Retired keys stay published until their tokens have expired. */
export const signingKeys = pgTable('signing_keys', {
  kid: text('kid').primaryKey(),
  algorithm: text('algorithm').notNull(),
  publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
  privateJwk: jsonb('private_jwk').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
  retiredAt: timestamp('retired_at', { withTimezone: true, mode: 'date' }),
});

/**
 * One row per Idempotency-Key of an API client: the request's fingerprint and, once it completed,
 * the response to replay. Written in the same transaction as the write it protects.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    clientId: text('client_id').notNull(),
    key: text('key').notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** in_progress | completed */
    state: text('state').notNull(),
    responseStatus: integer('response_status'),
    responseBody: text('response_body'),
    responseHeaders: jsonb('response_headers').$type<Record<string, string>>(),
    createdAt: createdAt(),
    /** An in_progress key whose owner died is free again after this. */
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.clientId, t.key] }),
    index('idempotency_keys_expiry_idx').on(t.expiresAt),
  ],
);

/**
 * An integrator's webhook endpoint: where events go and the secret that signs them. The signing
 * secret must be recoverable to compute HMACs, so it is stored as is (not hashed); after a rotation
 * the previous secret keeps signing alongside the new one until previous_secret_expires_at.
 */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    url: text('url').notNull(),
    eventTypes: text('event_types').array().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    description: text('description'),
    /** `whsec_<base64 of 32 random bytes>` (Standard Webhooks form). */
    secret: text('secret').notNull(),
    previousSecret: text('previous_secret'),
    previousSecretExpiresAt: timestamp('previous_secret_expires_at', { withTimezone: true, mode: 'date' }),
    /** Why the endpoint is disabled (by its client, or by delivery failures); null while enabled. */
    disabledReason: text('disabled_reason'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('webhook_endpoints_tenant_idx').on(t.tenantId, t.id)],
);

/**
 * Reporting: each account's money in and out per booking date and currency, in minor units, split
 * into external and intra-group flows. Maintained by statement-level triggers on `transactions`
 * (migration 0007), so it is always in step with the transactions, in the same database
 * transaction, whoever writes them; cashflow reports read this instead of a million transactions.
 */
export const accountDailyFlows = pgTable(
  'account_daily_flows',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    accountId: text('account_id')
      .notNull()
      .references(() => bankAccounts.id),
    flowDate: businessDate('flow_date').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    /** Sum of positive amounts of transactions that are not intra-group. */
    inflowMinor: minor('inflow_minor')
      .notNull()
      .default(sql`0`),
    /** Sum of negative amounts of transactions that are not intra-group (zero or negative). */
    outflowMinor: minor('outflow_minor')
      .notNull()
      .default(sql`0`),
    intraInflowMinor: minor('intra_inflow_minor')
      .notNull()
      .default(sql`0`),
    intraOutflowMinor: minor('intra_outflow_minor')
      .notNull()
      .default(sql`0`),
    transactionCount: integer('transaction_count').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.flowDate, t.currency] }),
    index('account_daily_flows_tenant_date_idx').on(t.tenantId, t.flowDate),
  ],
);

/**
 * Payments (issue 8): a batch of payment lines from one debtor account, moving through
 * draft → submitted → pending_approval → approved → sent_to_bank → accepted → executed (or rejected,
 * cancelled). Every transition locks the batch row (SELECT … FOR UPDATE) first, so concurrent
 * requests resolve to exactly one outcome.
 */
export const paymentBatches = pgTable(
  'payment_batches',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    debtorAccountId: text('debtor_account_id')
      .notNull()
      .references(() => bankAccounts.id),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id),
    label: text('label'),
    status: text('status').notNull(),
    paymentCount: integer('payment_count').notNull(),
    firstExecutionDate: businessDate('first_execution_date').notNull(),
    lastExecutionDate: businessDate('last_execution_date').notNull(),
    /** { type: user|client|bank, id, name } */
    createdBy: jsonb('created_by').$type<{ type: string; id: string; name: string | null }>().notNull(),
    submittedBy: jsonb('submitted_by').$type<{ type: string; id: string; name: string | null }>(),
    submittedAt: timestamp('submitted_at', { withTimezone: true, mode: 'date' }),
    /** The total in SEK minor units at submission. */
    totalSekMinor: minor('total_sek_minor'),
    rejectionReason: text('rejection_reason'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('payment_batches_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('payment_batches_status_idx').on(t.status),
  ],
);

export const paymentLines = pgTable(
  'payment_lines',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    batchId: text('batch_id')
      .notNull()
      .references(() => paymentBatches.id),
    position: integer('position').notNull(),
    creditorName: text('creditor_name').notNull(),
    /** bankgiro | plusgiro | account | iban */
    creditorKind: text('creditor_kind').notNull(),
    /** Normalised: bankgiro/plusgiro digits, clearing+account digits, or electronic IBAN. */
    creditorAccount: text('creditor_account').notNull(),
    creditorClearing: text('creditor_clearing'),
    creditorBic: text('creditor_bic'),
    amountMinor: minor('amount_minor').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    executionDate: businessDate('execution_date').notNull(),
    ocr: text('ocr'),
    message: text('message'),
    endToEndId: text('end_to_end_id').notNull(),
    /** pending | executed | rejected */
    status: text('status').notNull().default('pending'),
    rejectionReason: text('rejection_reason'),
    transactionId: text('transaction_id'),
    firstPayment: boolean('first_payment'),
  },
  (t) => [
    uniqueIndex('payment_lines_batch_position_idx').on(t.batchId, t.position),
    index('payment_lines_creditor_idx').on(t.tenantId, t.creditorKind, t.creditorAccount),
  ],
);

/** The status history of a batch: one row per transition, with its actor. */
export const paymentBatchEvents = pgTable(
  'payment_batch_events',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    batchId: text('batch_id')
      .notNull()
      .references(() => paymentBatches.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actor: jsonb('actor').$type<{ type: string; id: string; name: string | null }>().notNull(),
    reason: text('reason'),
    createdAt: createdAt(),
  },
  (t) => [index('payment_batch_events_batch_idx').on(t.batchId, t.id)],
);

/** One approval per submitted batch, with the policy snapshot that applies to it. */
export const paymentApprovals = pgTable(
  'payment_approvals',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    batchId: text('batch_id')
      .notNull()
      .references(() => paymentBatches.id),
    /** pending | approved | rejected | cancelled */
    status: text('status').notNull(),
    requiredApprovals: integer('required_approvals').notNull(),
    requiredRole: text('required_role'),
    submitter: text('submitter').notNull(),
    policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('payment_approvals_batch_idx').on(t.batchId),
    index('payment_approvals_tenant_status_idx').on(t.tenantId, t.status, t.createdAt),
  ],
);

/** One decision per approver and approval: the unique index is the last wall behind decide-once. */
export const paymentApprovalDecisions = pgTable(
  'payment_approval_decisions',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    approvalId: text('approval_id')
      .notNull()
      .references(() => paymentApprovals.id),
    approver: text('approver').notNull(),
    approverName: text('approver_name'),
    roles: text('roles').array().notNull(),
    /** approved | rejected */
    decision: text('decision').notNull(),
    reason: text('reason'),
    decidedAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.approvalId, t.approver] })],
);

/** A tenant's approval policy (amount tiers on the batch total in SEK); the default applies without a row. */
export const approvalPolicies = pgTable('approval_policies', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  policy: jsonb('policy').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Events for webhooks, written in the same transaction as the change that caused them
 * (`{id, type, created_at, data}` in payload); the webhooks delivery work reads them later.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    type: text('type').notNull(),
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('outbox_undelivered_idx')
      .on(t.createdAt)
      .where(sql`${t.deliveredAt} is null`),
  ],
);
