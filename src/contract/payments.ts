import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { idSchema } from './ids';
import { DEFAULT_PAGE_SIZE, listOf, listQuery, MAX_PAGE_SIZE } from './list';
import { businessDate, money, timestamp } from './money';

/*
 * Payments and approvals: payment batches from one debtor account, the approval policy (dual control),
 * and the round trip through the bank. Every state change is audited, idempotent and race-free.
 */

export const MAX_PAYMENTS_PER_BATCH = 5000;

export const paymentBatchStatuses = [
  'draft',
  'submitted',
  'pending_approval',
  'approved',
  'sent_to_bank',
  'accepted',
  'executed',
  'rejected',
  'cancelled',
] as const;
export type PaymentBatchStatus = (typeof paymentBatchStatuses)[number];
export const paymentBatchStatus = z.enum(paymentBatchStatuses).meta({
  id: 'PaymentBatchStatus',
  description:
    'draft → submitted → pending_approval → approved → sent_to_bank → accepted → executed; `rejected` (by an approver or the bank) and `cancelled` (before sending) end a batch too.',
});

const shortText = (name: string, max: number) =>
  z.string().min(1, `${name} must not be empty`).max(max, `${name} must be at most ${max} characters`);

export const creditorInput = z
  .object({
    name: shortText('name', 70),
    bankgiro: z.string().max(20).optional(),
    plusgiro: z.string().max(20).optional(),
    account: z
      .object({ clearing: z.string().max(10), number: z.string().max(30) })
      .strict()
      .optional(),
    iban: z.string().max(50).optional(),
    bic: z.string().max(20).optional(),
  })
  .strict()
  .meta({
    id: 'CreditorInput',
    description:
      'Who is paid: a name and exactly one of `bankgiro`, `plusgiro`, `account` (Swedish clearing + account number) or `iban` (with `bic` where needed: outside Sweden for non-EUR payments).',
  });

export const remittanceInput = z
  .object({
    ocr: z.string().max(30).optional(),
    message: z.string().max(140, 'message must be at most 140 characters').optional(),
  })
  .strict()
  .meta({ id: 'Remittance', description: 'Either an OCR reference or a free-text message, not both.' });

export const paymentLineInput = z
  .object({
    creditor: creditorInput,
    amount: money,
    execution_date: businessDate
      .optional()
      .meta({ description: 'A Swedish bank day; default the next one.' }),
    remittance: remittanceInput,
    end_to_end_id: shortText('end_to_end_id', 35).optional(),
  })
  .strict();

export const createPaymentBatchBody = z
  .object({
    debtor_account_id: idSchema('account'),
    label: shortText('label', 140).optional(),
    payments: z
      .array(paymentLineInput)
      .min(1, 'a batch needs at least one payment')
      .max(MAX_PAYMENTS_PER_BATCH, `a batch holds at most ${MAX_PAYMENTS_PER_BATCH} payments`),
  })
  .strict()
  .meta({ id: 'CreatePaymentBatch' });

export const actor = z
  .object({
    type: z.enum(['user', 'client', 'bank']),
    id: z.string(),
    name: z.string().nullable(),
  })
  .meta({ id: 'Actor', description: 'Who did it: a person (acting user), an API client, or the bank.' });

export const creditor = z
  .object({
    name: z.string(),
    kind: z.enum(['bankgiro', 'plusgiro', 'account', 'iban']),
    bankgiro: z.string().optional(),
    plusgiro: z.string().optional(),
    account: z.object({ clearing: z.string(), number: z.string() }).optional(),
    iban: z.string().optional(),
    bic: z.string().optional(),
  })
  .meta({ id: 'Creditor' });

export const paymentLine = z
  .object({
    id: idSchema('payment'),
    position: z.number().int().meta({ description: 'Index of the line in the request, from 0.' }),
    creditor,
    amount: money,
    execution_date: businessDate,
    remittance: z.object({ ocr: z.string().optional(), message: z.string().optional() }),
    end_to_end_id: z.string(),
    status: z.enum(['pending', 'executed', 'rejected']),
    rejection_reason: z.string().nullable(),
    transaction_id: idSchema('transaction').nullable(),
    first_payment_to_creditor: z.boolean().nullable().meta({
      description: 'At submission: whether no earlier batch paid this creditor account; null before.',
    }),
  })
  .meta({ id: 'PaymentLine' });

export const statusChange = z
  .object({
    from: paymentBatchStatus.nullable(),
    to: paymentBatchStatus,
    actor,
    reason: z.string().nullable(),
    at: timestamp,
  })
  .meta({ id: 'PaymentBatchStatusChange' });

export const approvalDecision = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    approver: actor,
    roles: z.array(z.string()),
    reason: z.string().nullable(),
    decided_at: timestamp,
  })
  .meta({ id: 'ApprovalDecision' });

export const approval = z
  .object({
    id: idSchema('approval'),
    batch_id: idSchema('batch'),
    status: z.enum(['pending', 'approved', 'rejected', 'cancelled']),
    required_approvals: z.number().int(),
    required_role: z.string().nullable(),
    approvals_received: z.number().int(),
    total_sek: money,
    decisions: z.array(approvalDecision),
    created_at: timestamp,
  })
  .meta({
    id: 'Approval',
    description:
      'What a submitted batch needs before it may go to the bank, under the policy in force at submission.',
  });

export const paymentBatchSummary = z
  .object({
    id: idSchema('batch'),
    status: paymentBatchStatus,
    label: z.string().nullable(),
    debtor_account_id: idSchema('account'),
    company_id: idSchema('company'),
    payment_count: z.number().int(),
    totals: z.array(money).meta({ description: 'The sum of the payments per currency.' }),
    total_sek: money.nullable().meta({ description: 'The total in SEK at submission; null before.' }),
    first_execution_date: businessDate,
    last_execution_date: businessDate,
    created_by: actor,
    submitted_by: actor.nullable(),
    submitted_at: timestamp.nullable(),
    rejection_reason: z.string().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ id: 'PaymentBatchSummary' });

export const paymentBatch = paymentBatchSummary
  .extend({
    payments: z.array(paymentLine),
    history: z.array(statusChange),
    approval: approval.nullable(),
  })
  .meta({ id: 'PaymentBatch' });

export const paymentBatchList = listOf(paymentBatchSummary).meta({ id: 'PaymentBatchList' });
export const creditorTotal = z
  .object({ name: z.string(), amount: money })
  .meta({ id: 'CreditorTotal', description: 'What one creditor receives in a batch, in one currency.' });

export const MAX_LARGEST_CREDITORS = 3;

export const pendingApproval = approval
  .extend({
    batch: paymentBatchSummary,
    largest_creditors: z.array(creditorTotal).meta({
      description: `The ${MAX_LARGEST_CREDITORS} creditors receiving the most (per currency, by name), largest first.`,
    }),
    can_decide: z.boolean().meta({
      description:
        'Whether the caller may approve or reject it: its token carries `write:payments`. Without, the list is for reading only (a CFO overseeing the inbox).',
    }),
  })
  .meta({ id: 'PendingApproval' });
export const pendingApprovalList = listOf(pendingApproval).meta({ id: 'PendingApprovalList' });

export type PaymentBatch = z.infer<typeof paymentBatch>;
export type PaymentBatchSummary = z.infer<typeof paymentBatchSummary>;
export type PaymentBatchList = z.infer<typeof paymentBatchList>;
export type PendingApprovalList = z.infer<typeof pendingApprovalList>;
export type PendingApproval = z.infer<typeof pendingApproval>;
export type Approval = z.infer<typeof approval>;
export type CreatePaymentBatchBody = z.infer<typeof createPaymentBatchBody>;

export const batchIdParams = z.object({ id: idSchema('batch') });
export const approvalIdParams = z.object({ id: idSchema('approval') });

export const listPaymentBatchesQuery = listQuery.extend({
  status: paymentBatchStatus.optional(),
  account: idSchema('account').optional(),
  company: idSchema('company').optional(),
  date: businessDate.optional().meta({ description: 'Batches with a payment executing on this date.' }),
});

export const listPendingApprovalsQuery = listQuery.extend({
  order: z
    .enum(['oldest', 'newest'])
    .default('oldest')
    .meta({ description: 'By submission: `oldest` first (default) or `newest` first.' }),
});

export const rejectApprovalBody = z
  .object({ reason: shortText('reason', 500) })
  .strict()
  .meta({ id: 'RejectApproval' });

export const pain001Query = z.object({
  version: z.enum(['03', '09']).default('03').meta({ description: 'pain.001.001.03 (default) or .09.' }),
});

const tags = ['Payments'];
const actingUserNote =
  'Needs the acting user (`Finvis-Acting-User`, optionally `Finvis-Acting-User-Name` percent-encoded and `Finvis-Acting-User-Roles`); without it 400.';
const conflictNote = 'An illegal transition answers 409 naming the current state.';

export const createPaymentBatch = defineEndpoint({
  operationId: 'createPaymentBatch',
  method: 'POST',
  path: '/public/payments/batches',
  summary: 'Create a payment batch',
  description: `A batch of 1–${MAX_PAYMENTS_PER_BATCH} payments from one debtor account, as \`draft\`. Every field is validated (checksums, OCR, bank day, amount > 0, currency); errors name each failing line and field, e.g. \`/payments/3/creditor/bankgiro\`.`,
  tags,
  scope: 'write:payments',
  body: createPaymentBatchBody,
  responses: { 201: { description: 'The batch.', schema: paymentBatch } },
});

export const listPaymentBatches = defineEndpoint({
  operationId: 'listPaymentBatches',
  method: 'GET',
  path: '/public/payments/batches',
  summary: 'List payment batches',
  description: `Newest first. Filters: status, account (debtor account), company, date (a payment executing that day). \`limit\` 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
  tags,
  scope: 'read:payments',
  query: listPaymentBatchesQuery,
  responses: { 200: { description: 'A page of batches.', schema: paymentBatchList } },
});

export const getPaymentBatch = defineEndpoint({
  operationId: 'getPaymentBatch',
  method: 'GET',
  path: '/public/payments/batches/{id}',
  summary: 'Get a payment batch',
  description: 'The batch with its payments, totals per currency, status history and approvals.',
  tags,
  scope: 'read:payments',
  params: batchIdParams,
  responses: { 200: { description: 'The batch.', schema: paymentBatch } },
});

export const submitPaymentBatch = defineEndpoint({
  operationId: 'submitPaymentBatch',
  method: 'POST',
  path: '/public/payments/batches/{id}/submit',
  summary: 'Submit a payment batch for approval',
  description: `Validates the batch again (an execution date may have passed), then applies the approval policy in force now: the batch becomes \`pending_approval\`. ${actingUserNote} ${conflictNote}`,
  tags,
  scope: 'write:payments',
  params: batchIdParams,
  responses: { 200: { description: 'The batch.', schema: paymentBatch } },
});

export const cancelPaymentBatch = defineEndpoint({
  operationId: 'cancelPaymentBatch',
  method: 'POST',
  path: '/public/payments/batches/{id}/cancel',
  summary: 'Cancel a payment batch',
  description: `Cancels a batch that has not been sent to the bank. ${conflictNote}`,
  tags,
  scope: 'write:payments',
  params: batchIdParams,
  responses: { 200: { description: 'The batch.', schema: paymentBatch } },
});

export const getPaymentBatchPain001 = defineEndpoint({
  operationId: 'getPaymentBatchPain001',
  method: 'GET',
  path: '/public/payments/batches/{id}/pain001',
  summary: 'The batch as an ISO 20022 pain.001 document',
  description:
    'Swedish common interpretation: bankgiro creditors as `CdtrAcct/Id/Othr/Id` with scheme `BGNR` and clearing-system member 9900, plusgiro with member 9960, OCR as a structured `SCOR` creditor reference.',
  tags,
  scope: 'read:payments',
  params: batchIdParams,
  query: pain001Query,
  responses: { 200: { description: 'pain.001 XML.', contentType: 'application/xml' } },
});

export const listPendingApprovals = defineEndpoint({
  operationId: 'listPendingApprovals',
  method: 'GET',
  path: '/public/approvals/pending',
  summary: 'Approvals awaiting the acting user',
  description:
    'The pending approvals the acting user (`Finvis-Acting-User`) may decide: not their own batches, not already decided by them, and, where the last approval needs a role, only when they hold it. Oldest first, or newest first with `order=newest`; each with its largest creditors and whether the caller may decide it.',
  tags,
  scope: 'read:payments',
  query: listPendingApprovalsQuery,
  responses: { 200: { description: 'A page of pending approvals.', schema: pendingApprovalList } },
});

export const approveApproval = defineEndpoint({
  operationId: 'approvePaymentBatch',
  method: 'POST',
  path: '/public/approvals/{id}/approve',
  summary: 'Approve a payment batch',
  description: `The acting user approves. The submitter never approves their own batch (403); each approver decides once (409). ${actingUserNote}`,
  tags,
  scope: 'write:payments',
  params: approvalIdParams,
  responses: { 200: { description: 'The batch.', schema: paymentBatch } },
});

export const rejectApproval = defineEndpoint({
  operationId: 'rejectPaymentBatch',
  method: 'POST',
  path: '/public/approvals/{id}/reject',
  summary: 'Reject a payment batch',
  description: `The acting user rejects, with a reason; the batch becomes \`rejected\`. ${actingUserNote}`,
  tags,
  scope: 'write:payments',
  params: approvalIdParams,
  body: rejectApprovalBody,
  responses: { 200: { description: 'The batch.', schema: paymentBatch } },
});

export const paymentEndpoints = [
  createPaymentBatch,
  listPaymentBatches,
  getPaymentBatch,
  submitPaymentBatch,
  cancelPaymentBatch,
  getPaymentBatchPain001,
  listPendingApprovals,
  approveApproval,
  rejectApproval,
] as const;
