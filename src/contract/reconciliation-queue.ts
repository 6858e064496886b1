import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { idSchema } from './ids';
import { DEFAULT_PAGE_SIZE, listOf, listQuery, MAX_PAGE_SIZE } from './list';
import { businessDate, timestamp } from './money';
import { openItem, openItemKinds, reconciliationMatch } from './reconciliation';

/*
 * The treasurer's match queue around the engine: pairs proposed by hand, the open items still
 * looking for their money, and the numbers a manager reads first.
 */

const MAX_MATCH_MEMBERS = 50;

export const proposeMatchBody = z
  .object({
    transaction_ids: z
      .array(idSchema('transaction'))
      .min(1)
      .max(MAX_MATCH_MEMBERS)
      .meta({ description: 'Unreconciled transactions of one account that pay the items.' }),
    open_item_ids: z
      .array(idSchema('openItem'))
      .min(1)
      .max(MAX_MATCH_MEMBERS)
      .meta({ description: 'Open items of the same company and currency that no proposed match holds.' }),
  })
  .strict()
  .superRefine((body, ctx) => {
    for (const field of ['transaction_ids', 'open_item_ids'] as const) {
      if (new Set(body[field]).size !== body[field].length)
        ctx.addIssue({ code: 'custom', path: [field], message: `${field} must not repeat an id` });
    }
  })
  .meta({ id: 'ProposeMatch' });
export type ProposeMatchBody = z.infer<typeof proposeMatchBody>;

export const listUnmatchedOpenItemsQuery = listQuery.extend({
  cursor: z
    .string()
    .max(2048)
    .optional()
    .meta({ description: 'The `next_cursor` of the previous page, unchanged (it is opaque).' }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Free text: items whose counterparty, invoice number or reference contains it.' }),
  ocr: z
    .string()
    .regex(/^\d{2,25}$/, 'must be the digits of an OCR reference')
    .optional()
    .meta({ description: 'Only items with exactly this OCR reference.' }),
  amount: z
    .string()
    .regex(/^\d{1,15}(\.\d{1,2})?$/, 'must be a non-negative decimal string such as "1250.00"')
    .optional()
    .meta({ description: 'Only items with exactly this much still open, read with two decimals.' }),
  kind: z.enum(openItemKinds).optional().meta({ description: 'Only receivables or only payables.' }),
  company_id: idSchema('company')
    .optional()
    .meta({ description: 'Only items of this company. An id that names nothing of yours answers 404.' }),
});
export type ListUnmatchedOpenItemsQuery = z.output<typeof listUnmatchedOpenItemsQuery>;

export const unmatchedOpenItemList = listOf(openItem).meta({ id: 'UnmatchedOpenItemList' });
export type UnmatchedOpenItemList = z.infer<typeof unmatchedOpenItemList>;

export const reconciliationSummary = z
  .object({
    week_starts_on: businessDate.meta({ description: 'The Monday (Europe/Stockholm) the week began.' }),
    confirmed_this_week: z.number().int().meta({ description: 'Matches confirmed since the week began.' }),
    auto_confirmed_this_week: z
      .number()
      .int()
      .meta({ description: 'Of those, the matches the engine confirmed itself.' }),
    auto_matched_share: z.number().min(0).max(1).nullable().meta({
      description: 'auto_confirmed_this_week / confirmed_this_week; null when nothing was confirmed.',
    }),
    proposals_waiting: z.number().int().meta({ description: 'Proposed matches waiting for a decision.' }),
    oldest_waiting_since: timestamp
      .nullable()
      .meta({ description: 'When the longest-waiting proposed match was proposed.' }),
    oldest_waiting_booking_date: businessDate
      .nullable()
      .meta({ description: 'The earliest booking date among the proposed matches.' }),
    unmatched_transactions: z.number().int().meta({
      description:
        'Unreconciled bank transactions that no match holds, transfers within the koncern left out (they settle no open item).',
    }),
    unmatched_open_items: z.number().int().meta({ description: 'Open items that no proposed match holds.' }),
  })
  .meta({ id: 'ReconciliationSummary', description: 'The state of the match queue at a glance.' });
export type ReconciliationSummary = z.infer<typeof reconciliationSummary>;

const tags = ['Reconciliation'];

export const proposeMatch = defineEndpoint({
  operationId: 'proposeReconciliationMatch',
  method: 'POST',
  path: '/public/reconciliation/matches',
  summary: 'Propose a match by hand',
  description:
    'Pairs unreconciled transactions of one account with open items of the same company and currency that they pay (money in for receivables, out for payables). The match is `proposed` with the confidence and reasons the engine gives the pair, and waits for confirmation like any other; a pair the engine was told never to propose may be proposed by a person. A transaction or item already held by a live match answers 409; ids that name nothing of yours answer 404; transactions and items that cannot settle each other answer 422. The acting user (`Finvis-Acting-User`) is recorded in the audit log.',
  tags,
  scope: 'write:reconciliation',
  body: proposeMatchBody,
  responses: {
    201: { description: 'The proposed match.', schema: reconciliationMatch },
    404: { description: 'A transaction or open item is not yours.' },
    409: { description: 'A transaction or open item is already in a live match, or settled.' },
    422: { description: 'The transactions and items cannot settle each other.' },
  },
});

export const listUnmatchedOpenItems = defineEndpoint({
  operationId: 'listUnmatchedOpenItems',
  method: 'GET',
  path: '/public/reconciliation/unmatched-open-items',
  summary: 'List unmatched open items',
  description: `Open items that still wait for money and that no proposed match holds, by due date (earliest first), to find a counterpart by hand. Search by text, OCR and open amount. Paginated with \`limit\` (1–${MAX_PAGE_SIZE}, default ${DEFAULT_PAGE_SIZE}) and \`cursor\`.`,
  tags,
  scope: 'read:reconciliation',
  query: listUnmatchedOpenItemsQuery,
  responses: {
    200: { description: 'A page of unmatched open items.', schema: unmatchedOpenItemList },
    404: { description: 'A filter id names nothing of yours.' },
  },
});

export const getReconciliationSummary = defineEndpoint({
  operationId: 'getReconciliationSummary',
  method: 'GET',
  path: '/public/reconciliation/summary',
  summary: 'Reconciliation at a glance',
  description:
    "The auto-matched share of this week's confirmations (the week begins Monday, Europe/Stockholm), the proposals waiting and how long the oldest has waited, and what is still unmatched.",
  tags,
  scope: 'read:reconciliation',
  responses: { 200: { description: 'The summary.', schema: reconciliationSummary } },
});

export const reconciliationQueueEndpoints = [
  proposeMatch,
  listUnmatchedOpenItems,
  getReconciliationSummary,
] as const;
