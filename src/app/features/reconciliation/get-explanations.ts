import { queryOptions, useQuery } from '@tanstack/react-query';
import { transactionExplanationList } from '../../../contract/reconciliation-explanations';
import { api, expectData } from '../../api/client';
import { reconciliationKeys } from './get-reconciliation';

/** The latest explanations: enough to review this month's and take one back; the API pages further. */
export const EXPLANATIONS_PAGE = 100;

export const explanationKeys = { all: [...reconciliationKeys.all, 'explanations'] as const };

export const getExplanationsQueryOptions = () =>
  queryOptions({
    queryKey: explanationKeys.all,
    queryFn: async ({ signal }) =>
      transactionExplanationList.parse(
        await expectData(
          api.GET('/public/reconciliation/explanations', {
            params: { query: { limit: EXPLANATIONS_PAGE } },
            signal,
          }),
        ),
      ),
  });

export const useExplanations = () => useQuery(getExplanationsQueryOptions());
