import { queryOptions, useQuery } from '@tanstack/react-query';
import { cashflow } from '../../../contract/reporting';
import { api, expectData } from '../../api/client';

export type CashflowInterval = 'day' | 'week' | 'month';

export interface CashflowFilters {
  koncernId: string;
  from: string;
  to: string;
  interval: CashflowInterval;
  companyId?: string;
  /** One account only: its own flows and closing balances (a balance history). */
  accountId?: string;
  /** Also forecast this many weeks after today (`to` must then be today). */
  forecastWeeks?: number;
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
        await expectData(
          api.GET('/public/reporting/cashflow', {
            params: {
              query: {
                koncern_id: filters.koncernId,
                from: filters.from,
                to: filters.to,
                interval: filters.interval,
                company_id: filters.companyId,
                account_id: filters.accountId,
                forecast_weeks: filters.forecastWeeks,
              },
            },
            signal,
          }),
        ),
      ),
    staleTime: 60_000,
  });

export const useCashflow = (filters: CashflowFilters | null) =>
  useQuery({
    ...getCashflowQueryOptions(filters ?? { koncernId: '', from: '', to: '', interval: 'month' }),
    enabled: filters !== null,
  });
