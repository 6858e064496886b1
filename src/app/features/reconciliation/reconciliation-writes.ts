import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import type { StatementImportKind } from '../../../contract/imports';
import { statementImport, type StatementImport } from '../../../contract/imports';
import {
  reconciliationMatch,
  type MatchList,
  type ReconciliationMatch,
} from '../../../contract/reconciliation';
import { api, expectData } from '../../api/client';
import { transactionKeys } from '../transactions/get-transactions';
import { useIntentMutation } from '../payments/use-intent-mutation';
import { reconciliationKeys } from './get-reconciliation';

export type MatchDecision = { matchId: string } & (
  { decision: 'confirm' } | { decision: 'reject'; reason?: string }
);

async function sendDecision(decision: MatchDecision, key: string): Promise<ReconciliationMatch> {
  const params = { path: { id: decision.matchId }, header: { 'Idempotency-Key': key } };
  const call =
    decision.decision === 'confirm'
      ? api.POST('/public/reconciliation/matches/{id}/confirm', { params })
      : api.POST('/public/reconciliation/matches/{id}/reject', {
          params,
          body: decision.reason ? { reason: decision.reason } : {},
        });
  return reconciliationMatch.parse(await expectData(call));
}

/** Everything a decision changes: the queue, the unmatched lists, the numbers, the ledger's states. */
export async function refreshAfterWrite(queryClient: QueryClient): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: reconciliationKeys.all }),
    queryClient.invalidateQueries({ queryKey: transactionKeys.all }),
  ]);
}

/** Takes decided matches out of every cached queue at once; returns what to put back on failure. */
function removeFromQueues(queryClient: QueryClient, matchIds: ReadonlySet<string>) {
  const before = queryClient.getQueriesData<MatchList>({ queryKey: reconciliationKeys.queues() });
  for (const [key, page] of before) {
    if (page) {
      queryClient.setQueryData<MatchList>(key, {
        ...page,
        results: page.results.filter((match) => !matchIds.has(match.id)),
      });
    }
  }
  return before;
}

/**
 * Confirm or reject one match, optimistically: it leaves the queue at once and comes back (with the
 * error) when the server refuses. One Idempotency-Key per decision, reused by its retries.
 */
export function useMatchDecision(options: { onDecided?: (match: ReconciliationMatch) => void } = {}) {
  const queryClient = useQueryClient();
  return useIntentMutation<
    MatchDecision,
    ReconciliationMatch,
    { before: ReturnType<typeof removeFromQueues> }
  >({
    write: (decision, key) => sendDecision(decision, key('decide')),
    onMutate: async (decision) => {
      await queryClient.cancelQueries({ queryKey: reconciliationKeys.queues() });
      return { before: removeFromQueues(queryClient, new Set([decision.matchId])) };
    },
    onError: (_error, _decision, context) => {
      for (const [key, page] of context?.before ?? []) queryClient.setQueryData(key, page);
    },
    onSuccess: (match) => options.onDecided?.(match),
    onSettled: () => refreshAfterWrite(queryClient),
  });
}

export interface BulkOutcome {
  matchId: string;
  ok: boolean;
  message?: string;
}

export interface BulkState {
  total: number;
  outcomes: BulkOutcome[];
  running: boolean;
}

/** A few at a time: fast for hundreds of matches without flooding the API's rate limit. */
const BULK_CONCURRENCY = 4;

/**
 * Confirms many matches, each its own write with its own Idempotency-Key, and reports progress as
 * they finish. One refused match (decided meanwhile by someone else) does not stop the rest.
 */
export function useBulkConfirm() {
  const queryClient = useQueryClient();
  const [state, setState] = useState<BulkState | null>(null);
  const start = useCallback(
    async (matchIds: readonly string[]) => {
      if (matchIds.length === 0) return;
      setState({ total: matchIds.length, outcomes: [], running: true });
      await queryClient.cancelQueries({ queryKey: reconciliationKeys.queues() });
      const queue = [...matchIds];
      const record = (outcome: BulkOutcome) => {
        if (outcome.ok) removeFromQueues(queryClient, new Set([outcome.matchId]));
        setState((current) => current && { ...current, outcomes: [...current.outcomes, outcome] });
      };
      const worker = async () => {
        for (let matchId = queue.shift(); matchId !== undefined; matchId = queue.shift()) {
          try {
            await sendDecision({ matchId, decision: 'confirm' }, crypto.randomUUID());
            record({ matchId, ok: true });
          } catch (error) {
            record({ matchId, ok: false, message: error instanceof Error ? error.message : String(error) });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(BULK_CONCURRENCY, matchIds.length) }, worker));
      setState((current) => current && { ...current, running: false });
      await refreshAfterWrite(queryClient);
    },
    [queryClient],
  );
  return { state, start, dismiss: () => setState(null) };
}

export interface PairProposal {
  transactionIds: string[];
  openItemIds: string[];
}

/** Propose a pair found by hand; it joins the queue like the engine's proposals. */
export function useProposePair(options: { onProposed?: (match: ReconciliationMatch) => void } = {}) {
  const queryClient = useQueryClient();
  return useIntentMutation<PairProposal, ReconciliationMatch>({
    write: async (pair, key) =>
      reconciliationMatch.parse(
        await expectData(
          api.POST('/public/reconciliation/matches', {
            params: { header: { 'Idempotency-Key': key('propose') } },
            body: { transaction_ids: pair.transactionIds, open_item_ids: pair.openItemIds },
          }),
        ),
      ),
    onSuccess: (match) => options.onProposed?.(match),
    onSettled: () => refreshAfterWrite(queryClient),
  });
}

export interface FileUpload {
  file: File;
  kind: StatementImportKind;
  /** Name, size and time: a File is `{}` to JSON, and the intent's key must change with the file. */
  identity: string;
}

export function fileUpload(file: File, kind: StatementImportKind): FileUpload {
  return { file, kind, identity: `${file.name}:${file.size}:${file.lastModified}` };
}

/** Upload a bank file or an open-items CSV, as its own bytes. */
export function useImportFile(options: { onImported?: (result: StatementImport) => void } = {}) {
  const queryClient = useQueryClient();
  return useIntentMutation<FileUpload, StatementImport>({
    write: async ({ file, kind }, key) =>
      statementImport.parse(
        await expectData(
          api.POST('/public/imports', {
            params: {
              query: { kind, file_name: file.name.slice(0, 255) },
              header: { 'Idempotency-Key': key('import') },
            },
            // The contract calls the body a binary string; the browser sends the file's bytes untouched
            // (BGMax is ISO-8859-1: decoding it as text would change it).
            body: file as unknown as string,
            bodySerializer: (body) => body,
            headers: { 'content-type': 'application/octet-stream' },
          }),
        ),
      ),
    onSuccess: (result) => options.onImported?.(result),
    onSettled: () => refreshAfterWrite(queryClient),
  });
}
