import { queryOptions, useQuery } from '@tanstack/react-query';
import { cashflow } from '../../../contract/reporting';
import { bffGet } from '../../api/bff-fetch';

export type CashflowInterval = 'day' | 'week' | 'month';

export interface CashflowFilters {
  koncernId: string;
  from: string;
  to: string;
  interval: CashflowInterval;
  companyId?: string;
}

export const cashflowKeys = {
  all: ['cashflow'] as const,
  lists: () => [...cashflowKeys.all, 'list'] as const,
  list: (filters: CashflowFilters) => [...cashflowKeys.lists(), filters] as const,
};

export const getCashflowQueryOptions = (filters: CashflowFilters) =>
  queryOptions({
    queryKey: cashflowKeys.list(filters),
    queryFn: async ({ signal }) =>
      cashflow.parse(
        await bffGet('/reporting/cashflow', signal, {
          koncern_id: filters.koncernId,
          from: filters.from,
          to: filters.to,
          interval: filters.interval,
          company_id: filters.companyId,
        }),
      ),
    staleTime: 60_000,
  });

export const useCashflow = (filters: CashflowFilters | null) =>
  useQuery({
    ...getCashflowQueryOptions(filters ?? { koncernId: '', from: '', to: '', interval: 'month' }),
    enabled: filters !== null,
  });
