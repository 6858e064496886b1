import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  char,
  customType,
  date,
  foreignKey,
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
/** A 64-bit transaction id (`pg_current_xact_id()`), compared with snapshots in SQL; read as text. */
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });
/** Bytes, as Buffers; only the forecast's stored columns use it (read back base64-encoded, see there). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
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
  (t) => [
    index('companies_tenant_koncern_idx').on(t.tenantId, t.koncernId),
    // What a tenant's rows point at through (tenant_id, company_id): a company of the same tenant.
    uniqueIndex('companies_tenant_id_idx').on(t.tenantId, t.id),
  ],
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
    uniqueIndex('bank_accounts_tenant_id_idx').on(t.tenantId, t.id),
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
    /**
     * unreconciled | proposed | reconciled: `proposed` while a reconciliation match waits for a
     * decision, `reconciled` once one is confirmed; a rejection makes it unreconciled again.
     */
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
    // The reconciliation engine's candidate lookups for an arriving open item.
    index('transactions_unreconciled_amount_idx')
      .on(t.tenantId, t.amountMinor)
      .where(sql`${t.reconciliationState} = 'unreconciled'`),
    index('transactions_unreconciled_name_idx')
      .on(t.tenantId, sql`lower(${t.counterpartyName})`)
      .where(sql`${t.reconciliationState} = 'unreconciled'`),
    index('transactions_end_to_end_idx')
      .on(t.tenantId, t.endToEndId)
      .where(sql`${t.endToEndId} is not null`),
    // The forecast's recurring-flow history: a few categories over two years (migration 0016).
    index('transactions_tenant_category_date_idx')
      .on(t.tenantId, t.category, t.bookingDate)
      .where(sql`${t.category} is not null`),
    // Its transactions without a category, recognised by counterparty (migration 0018).
    index('transactions_uncategorised_date_idx')
      .on(t.tenantId, t.bookingDate)
      .where(sql`${t.category} is null`),
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
    /** open | settled: settled once confirmed matches have applied the whole amount. */
    status: text('status').notNull().default('open'),
    /** What confirmed matches have applied so far; a partly paid item stays open for the rest. */
    settledMinor: minor('settled_minor')
      .notNull()
      .default(sql`0`),
    /**
     * For an item settled before Finvis saw its payment (invoice history brought in from the ERP): the day
     * it was paid. Items settled by confirmed matches take that day from the matches instead.
     */
    paidOn: businessDate('paid_on'),
    /** For a payable we paid ourselves: the end-to-end id of the payment, which the bank echoes back. */
    endToEndId: text('end_to_end_id'),
    /** Set when the item is one of our payment batch lines. */
    paymentLineId: text('payment_line_id'),
    /**
     * The transaction that settled the item, stamped by a trigger (migration 0021), which also keeps a
     * settled item as it is: the forecast keeps settled invoices in memory and reads only those settled
     * since (src/api/forecast/settled-invoices.ts).
     */
    settledXid: xid8('settled_xid'),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('open_items_external_idx').on(t.tenantId, t.companyId, t.externalId),
    index('open_items_tenant_status_due_idx').on(t.tenantId, t.status, t.dueDate),
    // The reconciliation engine's candidate lookups, over open items only.
    index('open_items_open_ocr_idx')
      .on(t.tenantId, t.ocr)
      .where(sql`${t.status} = 'open' and ${t.ocr} is not null`),
    index('open_items_open_amount_idx')
      .on(t.tenantId, t.amountMinor)
      .where(sql`${t.status} = 'open'`),
    index('open_items_open_name_idx')
      .on(t.tenantId, sql`lower(${t.counterpartyName})`)
      .where(sql`${t.status} = 'open'`),
    index('open_items_open_reference_idx')
      .on(t.tenantId, t.reference)
      .where(sql`${t.status} = 'open' and ${t.reference} is not null`),
    index('open_items_end_to_end_idx')
      .on(t.tenantId, t.endToEndId)
      .where(sql`${t.endToEndId} is not null`),
    index('open_items_settled_xid_idx')
      .on(t.tenantId, t.settledXid)
      .where(sql`${t.settledXid} is not null`),
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

/*
 * Webhook delivery (issue #12). The dispatcher fans each outbox event out to the endpoints subscribed
 * to it (one message per event and endpoint), then delivers the messages at least once with retries.
 * Every attempt is kept, for GET /public/webhooks/deliveries.
 */

export const webhookMessages = pgTable(
  'webhook_messages',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    eventId: text('event_id')
      .notNull()
      .references(() => outbox.id),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** pending | succeeded | failed (retries exhausted, or the endpoint answered 410) */
    state: text('state').notNull().default('pending'),
    /** Attempts made so far; the retry schedule is indexed by it. */
    attempts: integer('attempts').notNull().default(0),
    /** When the next attempt is due; while an attempt runs, when its lease lapses. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    /** The dispatcher running the current attempt; only it may record that attempt's outcome. */
    claim: text('claim'),
    /** A redelivery asked for by the client: one attempt, outside the retry schedule. */
    manual: boolean('manual').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.endpointId] }),
    index('webhook_messages_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.state} = 'pending'`),
  ],
);

export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    eventId: text('event_id')
      .notNull()
      .references(() => outbox.id),
    eventType: text('event_type').notNull(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    succeeded: boolean('succeeded').notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_delivery_attempts_tenant_idx').on(t.tenantId, t.id),
    index('webhook_delivery_attempts_endpoint_idx').on(t.endpointId, t.id),
  ],
);

/*
 * Reconciliation (issue #10): matches between bank transactions and open items. A match joins one
 * transaction to one or more open items, or several (partial) payments to one open item. The member
 * tables carry the status flags their partial unique indexes need: a transaction belongs to at most
 * one proposed or confirmed match; an open item waits in at most one proposed match (a partly paid
 * item may have earlier confirmed matches for the parts already paid).
 *
 * Their references carry the tenant: a match points at an account and a company of its own tenant,
 * a member row at a match of its own tenant (composite foreign keys, which also prove the tenant
 * exists). A full run writes some seventy thousand matches, and each foreign-key check costs about as
 * much as writing a small row: separate tenant checks would be three of every ten, for nothing.
 */

export const reconciliationMatches = pgTable(
  'reconciliation_matches',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    /** proposed | confirmed | rejected */
    status: text('status').notNull(),
    /** The confidence in basis points (0–10000), an integer so that no float is stored. */
    confidenceBasisPoints: integer('confidence_basis_points').notNull(),
    /** [{ code, detail }]: why the engine proposed it. */
    reasons: jsonb('reasons').$type<{ code: string; detail: string }[]>().notNull(),
    /** The account of the (first) transaction, its company and booking date: the queue's filters. */
    accountId: text('account_id').notNull(),
    companyId: text('company_id').notNull(),
    bookingDate: businessDate('booking_date').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    /** What the transactions pay minus what the open items ask, in the items' direction (fees, FX). */
    differenceMinor: minor('difference_minor').notNull(),
    proposedAt: timestamp('proposed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    /** { type: user|client|engine, id, name } */
    decidedBy: jsonb('decided_by').$type<{ type: string; id: string; name: string | null }>(),
  },
  (t) => [
    uniqueIndex('reconciliation_matches_tenant_idx').on(t.tenantId, t.id),
    index('reconciliation_matches_status_idx').on(t.tenantId, t.status, t.id),
    foreignKey({
      name: 'reconciliation_matches_account_fk',
      columns: [t.tenantId, t.accountId],
      foreignColumns: [bankAccounts.tenantId, bankAccounts.id],
    }),
    foreignKey({
      name: 'reconciliation_matches_company_fk',
      columns: [t.tenantId, t.companyId],
      foreignColumns: [companies.tenantId, companies.id],
    }),
  ],
);

export const reconciliationMatchTransactions = pgTable(
  'reconciliation_match_transactions',
  {
    tenantId: text('tenant_id').notNull(),
    matchId: text('match_id').notNull(),
    transactionId: text('transaction_id')
      .notNull()
      .references(() => transactions.id),
    /** False once the match is rejected: the transaction is free again. */
    live: boolean('live').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.matchId, t.transactionId] }),
    foreignKey({
      name: 'reconciliation_match_transactions_match_fk',
      columns: [t.tenantId, t.matchId],
      foreignColumns: [reconciliationMatches.tenantId, reconciliationMatches.id],
    }),
    uniqueIndex('reconciliation_match_transactions_live_idx')
      .on(t.transactionId)
      .where(sql`${t.live}`),
  ],
);

export const reconciliationMatchItems = pgTable(
  'reconciliation_match_items',
  {
    tenantId: text('tenant_id').notNull(),
    matchId: text('match_id').notNull(),
    openItemId: text('open_item_id')
      .notNull()
      .references(() => openItems.id),
    /** What confirming the match settles of the item (the rest of a partly paid item stays open). */
    appliedMinor: minor('applied_minor').notNull(),
    /** True while the match is proposed. */
    pending: boolean('pending').notNull().default(true),
  },
  (t) => [
    primaryKey({ columns: [t.matchId, t.openItemId] }),
    foreignKey({
      name: 'reconciliation_match_items_match_fk',
      columns: [t.tenantId, t.matchId],
      foreignColumns: [reconciliationMatches.tenantId, reconciliationMatches.id],
    }),
    uniqueIndex('reconciliation_match_items_pending_idx')
      .on(t.openItemId)
      .where(sql`${t.pending}`),
    index('reconciliation_match_items_item_idx').on(t.openItemId),
  ],
);

/** Pairs a person rejected: the engine never proposes them together again. */
export const reconciliationRejectedPairs = pgTable(
  'reconciliation_rejected_pairs',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    transactionId: text('transaction_id').notNull(),
    openItemId: text('open_item_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.transactionId, t.openItemId] })],
);

/**
 * Bank transactions a person explained as needing no open item (a salary run, a tax payment, a bank fee…):
 * reconciled without a match, with the reason, until someone reopens them.
 */
export const transactionExplanations = pgTable(
  'transaction_explanations',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    transactionId: text('transaction_id')
      .notNull()
      .references(() => transactions.id),
    reason: text('reason').notNull(),
    note: text('note'),
    explainedByType: text('explained_by_type').notNull(),
    explainedById: text('explained_by_id').notNull(),
    explainedByName: text('explained_by_name'),
    explainedAt: timestamp('explained_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.transactionId] }),
    index('transaction_explanations_recent_idx').on(t.tenantId, t.explainedAt),
  ],
);

/** A tenant's reconciliation settings; without a row the defaults apply. */
export const reconciliationSettings = pgTable('reconciliation_settings', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  /** Matches at or above this confidence (basis points) are confirmed by the engine. */
  autoConfirmBasisPoints: integer('auto_confirm_basis_points').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * Statement imports (issue 10): one row per bank file a tenant sent (camt.053, camt.054, BGMax),
 * booked in one transaction with its entries. A completed file is unique per tenant by its SHA-256
 * (and, checked under the import lock, by its kind, message id and accounts), so the same file is
 * never booked twice; a refused file is kept with its errors (line and place) and booked nothing.
 */
export const statementImports = pgTable(
  'statement_imports',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    /** camt053 | camt054 | bgmax */
    kind: text('kind').notNull(),
    /** completed | rejected */
    status: text('status').notNull(),
    fileName: text('file_name'),
    fileSha256: text('file_sha256').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    /** The message type and version read, e.g. camt.053.001.08; null when the file could not be read. */
    format: text('format'),
    messageId: text('message_id'),
    accountIds: text('account_ids')
      .array()
      .notNull()
      .default(sql`'{}'`),
    statements: integer('statements').notNull().default(0),
    entriesBooked: integer('entries_booked').notNull().default(0),
    duplicatesSkipped: integer('duplicates_skipped').notNull().default(0),
    /** Pending or information-only entries: reported by the bank, not booked. */
    entriesNotBooked: integer('entries_not_booked').notNull().default(0),
    balancesBooked: integer('balances_booked').notNull().default(0),
    errors: jsonb('errors')
      .$type<{ line: number | null; where: string; message: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    clientId: text('client_id'),
    actingUser: text('acting_user'),
    createdAt: createdAt(),
  },
  (t) => [
    index('statement_imports_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    uniqueIndex('statement_imports_file_idx')
      .on(t.tenantId, t.fileSha256)
      .where(sql`${t.status} = 'completed'`),
    index('statement_imports_message_idx').on(t.tenantId, t.kind, t.messageId),
  ],
);

/**
 * Cashflow forecasting (issue 13): a company's liquidity buffer, the minimum balance in SEK below which
 * the forecast warns. Without a row the company has no buffer (it warns below zero only).
 */
export const liquidityBuffers = pgTable(
  'liquidity_buffers',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    companyId: text('company_id')
      .primaryKey()
      .references(() => companies.id),
    minimumMinor: minor('minimum_minor').notNull(),
    currency: char('currency', { length: 3 }).notNull().default('SEK'),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [index('liquidity_buffers_tenant_idx').on(t.tenantId)],
);

/**
 * Each tenant's settled invoices as the forecast reads them (`src/api/forecast/settled-invoice-store.ts`):
 * one row per tenant, the columns of every item settled on or after `from_date` that the snapshot `snapshot`
 * of the cluster `cluster` saw. A process that starts reads this and the items settled since, instead of a
 * million rows.
 */
export const forecastSettledInvoices = pgTable('forecast_settled_invoices', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  fromDate: businessDate('from_date').notNull(),
  snapshot: text('snapshot').notNull(),
  cluster: text('cluster').notNull(),
  rowCount: integer('row_count').notNull(),
  data: bytea('data').notNull(),
  storedAt: timestamp('stored_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/**
 * What the forecast worked out from each earlier origin of a scope (`src/api/forecast/earlier-forecast-store.ts`):
 * the misses the bands are calibrated on and the backtest's forecasts, by `slot` (what was worked out, for which
 * scope, history and origin) with the `fingerprint` of the history it read. A process that starts, or another
 * instance, takes them from here instead of working out some fifty forecasts per scope again.
 */
export const forecastEarlierResults = pgTable(
  'forecast_earlier_results',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    slot: text('slot').notNull(),
    scope: text('scope').notNull(),
    firstDay: businessDate('first_day').notNull(),
    modelVersion: integer('model_version').notNull(),
    fingerprint: text('fingerprint').notNull(),
    value: text('value').notNull(),
    storedAt: timestamp('stored_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.slot] }),
    index('forecast_earlier_results_scope_idx').on(t.tenantId, t.scope, t.firstDay),
  ],
);
