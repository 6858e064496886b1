import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { idSchema } from './ids';
import { DEFAULT_PAGE_SIZE, listOf, listQuery, MAX_PAGE_SIZE } from './list';
import { businessDate, money, timestamp } from './money';

/*
 * Reconciliation: open items (what the koncern expects to be paid or to pay) and the matches the
 * engine proposes between them and bank transactions, each with a confidence and its reasons.
 */

export const openItemKinds = ['receivable', 'payable'] as const;
export const openItemStatuses = ['open', 'settled'] as const;
export const matchStatuses = ['proposed', 'confirmed', 'rejected'] as const;
export type MatchStatus = (typeof matchStatuses)[number];

export const openItem = z
  .object({
    id: idSchema('openItem'),
    company_id: idSchema('company'),
    external_id: z
      .string()
      .meta({ description: 'The id in the system the item came from (an invoice number).' }),
    kind: z.enum(openItemKinds).meta({ description: '`receivable`: we expect money in; `payable`: we pay.' }),
    counterparty_name: z.string(),
    reference: z.string().nullable(),
    ocr: z.string().nullable(),
    amount: money,
    open_amount: money.meta({
      description: 'What is still open: the amount minus what confirmed matches settled.',
    }),
    issue_date: businessDate.nullable(),
    due_date: businessDate,
    status: z.enum(openItemStatuses),
    end_to_end_id: z
      .string()
      .nullable()
      .meta({ description: 'For a payment we made ourselves: its end-to-end id.' }),
    payment_id: idSchema('payment')
      .nullable()
      .meta({ description: 'The payment batch line it stands for, if any.' }),
  })
  .meta({
    id: 'OpenItem',
    description: 'A customer or supplier invoice, or a payment of ours, awaiting its money.',
  });

export const reconciliationReason = z
  .object({
    code: z.enum([
      'end_to_end_id',
      'ocr_exact',
      'ocr_near',
      'reference_in_message',
      'amount_exact',
      'amount_within_tolerance',
      'partial_payment',
      'combined_payment',
      'counterparty_name',
      'date_distance',
      'ambiguous',
    ]),
    detail: z.string(),
  })
  .meta({ id: 'ReconciliationReason', description: 'One piece of evidence for (or against) a match.' });

export const reconciliationActor = z
  .object({
    type: z.enum(['user', 'client', 'engine']),
    id: z.string(),
    name: z.string().nullable(),
  })
  .meta({
    id: 'ReconciliationActor',
    description: 'Who decided: a person (acting user), an API client, or the engine (auto-confirmation).',
  });

export const reconciliationMatch = z
  .object({
    id: idSchema('match'),
    status: z.enum(matchStatuses),
    confidence: z.number().min(0).max(1).meta({ description: "The engine's confidence, 0–1." }),
    auto_confirmed: z
      .boolean()
      .meta({ description: 'Confirmed by the engine: its confidence reached the threshold.' }),
    reasons: z.array(reconciliationReason),
    account_id: idSchema('account'),
    company_id: idSchema('company'),
    booking_date: businessDate.meta({ description: 'The (earliest) booking date of its transactions.' }),
    transactions: z.array(
      z.object({ id: idSchema('transaction'), booking_date: businessDate, amount: money }),
    ),
    open_items: z.array(
      z.object({
        id: idSchema('openItem'),
        external_id: z.string(),
        kind: z.enum(openItemKinds),
        counterparty_name: z.string(),
        applied: money.meta({ description: 'What confirming the match settles of the item.' }),
      }),
    ),
    difference: money.meta({
      description:
        'What the transactions pay minus what the items are settled for: a bank fee or FX difference (negative: paid short).',
    }),
    proposed_at: timestamp,
    decided_at: timestamp.nullable(),
    decided_by: reconciliationActor.nullable(),
  })
  .meta({
    id: 'ReconciliationMatch',
    description: 'Bank transactions matched to the open items they settle.',
  });

export type OpenItem = z.infer<typeof openItem>;
export type ReconciliationMatch = z.infer<typeof reconciliationMatch>;

const cursorParam = z
  .string()
  .max(2048)
  .optional()
  .meta({ description: 'The `next_cursor` of the previous page, unchanged (it is opaque).' });

const confidenceBound = z
  .string()
  .regex(/^(0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'must be a decimal between 0 and 1 such as "0.9"')
  .optional();

export const listOpenItemsQuery = listQuery
  .extend({
    cursor: cursorParam,
    status: z.enum(openItemStatuses).optional().meta({ description: 'Only items in this status.' }),
    kind: z.enum(openItemKinds).optional().meta({ description: 'Only receivables or only payables.' }),
    company_id: idSchema('company')
      .optional()
      .meta({ description: 'Only items of this company. An id that names nothing of yours answers 404.' }),
    due_date_from: businessDate.optional().meta({ description: 'Earliest due date, inclusive.' }),
    due_date_to: businessDate.optional().meta({ description: 'Latest due date, inclusive.' }),
  })
  .superRefine((query, ctx) => {
    if (query.due_date_from && query.due_date_to && query.due_date_from > query.due_date_to) {
      ctx.addIssue({
        code: 'custom',
        path: ['due_date_from'],
        message: 'due_date_from must not be after due_date_to',
      });
    }
  });

export const listMatchesQuery = listQuery
  .extend({
    cursor: cursorParam,
    status: z.enum(matchStatuses).optional().meta({ description: 'Only matches in this status.' }),
    confidence_min: confidenceBound.meta({ description: 'Smallest confidence, inclusive (a decimal 0–1).' }),
    confidence_max: confidenceBound.meta({ description: 'Largest confidence, inclusive (a decimal 0–1).' }),
    account_id: idSchema('account')
      .optional()
      .meta({ description: 'Only matches on this account. An id that names nothing of yours answers 404.' }),
    company_id: idSchema('company')
      .optional()
      .meta({ description: 'Only matches of this company. An id that names nothing of yours answers 404.' }),
    date_from: businessDate.optional().meta({ description: 'Earliest booking date, inclusive.' }),
    date_to: businessDate.optional().meta({ description: 'Latest booking date, inclusive.' }),
  })
  .superRefine((query, ctx) => {
    if (query.date_from && query.date_to && query.date_from > query.date_to) {
      ctx.addIssue({ code: 'custom', path: ['date_from'], message: 'date_from must not be after date_to' });
    }
    if (
      query.confidence_min !== undefined &&
      query.confidence_max !== undefined &&
      Number(query.confidence_min) > Number(query.confidence_max)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['confidence_min'],
        message: 'confidence_min must not be larger than confidence_max',
      });
    }
  });

export type ListOpenItemsQuery = z.output<typeof listOpenItemsQuery>;
export type ListMatchesQuery = z.output<typeof listMatchesQuery>;

export const matchIdParams = z.object({ id: idSchema('match') });

export const rejectMatchBody = z
  .object({ reason: z.string().min(1).max(500).optional() })
  .strict()
  .meta({ id: 'RejectMatch' });

export const openItemList = listOf(openItem).meta({ id: 'OpenItemList' });
export const matchList = listOf(reconciliationMatch).meta({ id: 'ReconciliationMatchList' });
export type OpenItemList = z.infer<typeof openItemList>;
export type MatchList = z.infer<typeof matchList>;

const tags = ['Reconciliation'];
const pagination = `Paginated with \`limit\` (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}) and \`cursor\`.`;

export const listOpenItems = defineEndpoint({
  operationId: 'listOpenItems',
  method: 'GET',
  path: '/public/reconciliation/open-items',
  summary: 'List open items',
  description: `Customer and supplier invoices and our own payments, by due date (earliest first). Filter by status, kind, company and due-date range. ${pagination}`,
  tags,
  scope: 'read:reconciliation',
  query: listOpenItemsQuery,
  responses: {
    200: { description: 'A page of open items.', schema: openItemList },
    404: { description: 'A filter id names nothing of yours.' },
  },
});

export const listMatches = defineEndpoint({
  operationId: 'listReconciliationMatches',
  method: 'GET',
  path: '/public/reconciliation/matches',
  summary: 'List reconciliation matches',
  description: `The match queue and its history, newest first. Filter by status, confidence range, account, company and booking-date range. ${pagination}`,
  tags,
  scope: 'read:reconciliation',
  query: listMatchesQuery,
  responses: {
    200: { description: 'A page of matches.', schema: matchList },
    404: { description: 'A filter id names nothing of yours.' },
  },
});

export const getMatch = defineEndpoint({
  operationId: 'getReconciliationMatch',
  method: 'GET',
  path: '/public/reconciliation/matches/{id}',
  summary: 'Get a reconciliation match',
  description:
    "One match with its transactions, open items, confidence and reasons. Another tenant's match answers 404.",
  tags,
  scope: 'read:reconciliation',
  params: matchIdParams,
  responses: { 200: { description: 'The match.', schema: reconciliationMatch } },
});

const decisionNote =
  'Only a `proposed` match can be decided; another status answers 409 naming it. The acting user (`Finvis-Acting-User`) is recorded when sent.';

export const confirmMatch = defineEndpoint({
  operationId: 'confirmReconciliationMatch',
  method: 'POST',
  path: '/public/reconciliation/matches/{id}/confirm',
  summary: 'Confirm a reconciliation match',
  description: `Marks its transactions reconciled and settles its open items by the applied amounts (a partly paid item stays open for the rest, and the engine looks for the rest at once). Writes a \`reconciliation.match.confirmed\` event. ${decisionNote}`,
  tags,
  scope: 'write:reconciliation',
  params: matchIdParams,
  responses: { 200: { description: 'The match.', schema: reconciliationMatch } },
});

export const rejectMatch = defineEndpoint({
  operationId: 'rejectReconciliationMatch',
  method: 'POST',
  path: '/public/reconciliation/matches/{id}/reject',
  summary: 'Reject a reconciliation match',
  description: `Frees its transactions and open items for other proposals; the engine never proposes these pairs again and looks at once for other counterparts. The body \`{"reason": "…"}\` may be left out; a reason is kept in the audit log. ${decisionNote}`,
  tags,
  scope: 'write:reconciliation',
  params: matchIdParams,
  body: rejectMatchBody.optional(),
  responses: { 200: { description: 'The match.', schema: reconciliationMatch } },
});

export const reconciliationEndpoints = [
  listOpenItems,
  listMatches,
  getMatch,
  confirmMatch,
  rejectMatch,
] as const;
