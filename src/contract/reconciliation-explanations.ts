import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { idSchema } from './ids';
import { reconciliationState } from './ledger';
import { DEFAULT_PAGE_SIZE, listOf, listQuery, MAX_PAGE_SIZE } from './list';
import { businessDate, money, timestamp } from './money';
import { reconciliationActor } from './reconciliation';

/*
 * Bank transactions that no open item will ever explain: a salary run, a tax payment, a bank fee or interest.
 * A person marks them reconciled without a match, with the reason, so that what is left unmatched is what
 * really needs a counterpart; and can reopen them.
 */

export const explanationReasons = ['salary', 'tax', 'bank_fee', 'interest', 'loan', 'other'] as const;
export type ExplanationReason = (typeof explanationReasons)[number];

export const explainTransactionBody = z
  .object({
    reason: z.enum(explanationReasons).meta({
      description:
        'Why no open item is expected: salary (a salary run), tax (Skatteverket: VAT, employer contributions, preliminary tax), bank_fee, interest, loan (amortisation or a drawdown), other (say what in `note`).',
    }),
    note: z.string().trim().min(1).max(500).optional().meta({ description: 'Required with `other`.' }),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.reason === 'other' && body.note === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['note'],
        message: 'say what the transaction is when the reason is other',
      });
  })
  .meta({ id: 'ExplainTransaction' });
export type ExplainTransactionBody = z.infer<typeof explainTransactionBody>;

export const transactionExplanation = z
  .object({
    transaction_id: idSchema('transaction'),
    account_id: idSchema('account'),
    booking_date: businessDate,
    amount: money,
    counterparty_name: z.string().nullable(),
    reason: z.enum(explanationReasons),
    note: z.string().nullable(),
    explained_by: reconciliationActor,
    explained_at: timestamp,
  })
  .meta({
    id: 'TransactionExplanation',
    description: 'A transaction reconciled without a match, and why.',
  });
export type TransactionExplanation = z.infer<typeof transactionExplanation>;

export const listExplanationsQuery = listQuery.extend({
  reason: z.enum(explanationReasons).optional().meta({ description: 'Only this reason.' }),
  account_id: idSchema('account').optional().meta({ description: 'Only transactions of this account.' }),
});
export type ListExplanationsQuery = z.output<typeof listExplanationsQuery>;

export const transactionExplanationList = listOf(transactionExplanation).meta({
  id: 'TransactionExplanationList',
});
export type TransactionExplanationList = z.infer<typeof transactionExplanationList>;

export const reopenedTransaction = z
  .object({
    transaction_id: idSchema('transaction'),
    reconciliation_state: reconciliationState.meta({
      description:
        '`unreconciled`, or `proposed` (`reconciled`) when the engine at once proposed (and confirmed) a match for it.',
    }),
  })
  .meta({ id: 'ReopenedTransaction' });
export type ReopenedTransaction = z.infer<typeof reopenedTransaction>;

const transactionParams = z.object({ id: idSchema('transaction') });
const tags = ['Reconciliation'];

export const explainTransaction = defineEndpoint({
  operationId: 'explainTransaction',
  method: 'POST',
  path: '/public/reconciliation/transactions/{id}/explain',
  summary: 'Reconcile a transaction without a match',
  description:
    'Marks an unreconciled bank transaction reconciled with the reason no open item is expected, so it leaves the unmatched transactions and the engine no longer looks for its counterpart. A transaction in a proposed match, or already reconciled, answers 409. The acting user (`Finvis-Acting-User`) is recorded, and the audit log keeps the reason.',
  tags,
  scope: 'write:reconciliation',
  params: transactionParams,
  body: explainTransactionBody,
  responses: {
    200: { description: 'The explanation.', schema: transactionExplanation },
    404: { description: 'No such transaction of yours.' },
    409: { description: 'The transaction is in a proposed match or already reconciled.' },
  },
});

export const reopenTransaction = defineEndpoint({
  operationId: 'reopenExplainedTransaction',
  method: 'POST',
  path: '/public/reconciliation/transactions/{id}/reopen',
  summary: 'Reopen an explained transaction',
  description:
    'Takes back an explanation: the transaction is unreconciled again and the engine looks for its counterpart at once. Only a transaction reconciled by an explanation can be reopened (409 otherwise; a confirmed match is undone by no endpoint).',
  tags,
  scope: 'write:reconciliation',
  params: transactionParams,
  responses: {
    200: { description: 'The transaction as it is now.', schema: reopenedTransaction },
    404: { description: 'No such transaction of yours.' },
    409: { description: 'The transaction is not reconciled by an explanation.' },
  },
});

export const listExplanations = defineEndpoint({
  operationId: 'listTransactionExplanations',
  method: 'GET',
  path: '/public/reconciliation/explanations',
  summary: 'List transactions reconciled without a match',
  description: `What people reconciled without a match, and why, newest first. Filter by reason and account. Paginated with \`limit\` (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}) and \`cursor\`.`,
  tags,
  scope: 'read:reconciliation',
  query: listExplanationsQuery,
  responses: {
    200: { description: 'A page of explained transactions.', schema: transactionExplanationList },
    404: { description: 'account_id names nothing of yours.' },
  },
});

export const reconciliationExplanationEndpoints = [
  explainTransaction,
  reopenTransaction,
  listExplanations,
] as const;
