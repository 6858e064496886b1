import { queryOptions, useQuery } from '@tanstack/react-query';
import { liquidityWarnings } from '../../../contract/forecast';
import { api, expectData } from '../../api/client';

export interface WarningsFilters {
  koncernId: string;
  weeks: number;
}

export const liquidityWarningKeys = {
  all: ['liquidity-warnings'] as const,
  lists: () => [...liquidityWarningKeys.all, 'list'] as const,
  list: (filters: WarningsFilters) => [...liquidityWarningKeys.lists(), filters] as const,
};

export const getLiquidityWarningsQueryOptions = (filters: WarningsFilters) =>
  queryOptions({
    queryKey: liquidityWarningKeys.list(filters),
    queryFn: async ({ signal }) =>
      liquidityWarnings.parse(
        await expectData(
          api.GET('/public/reporting/forecast/warnings', {
            params: { query: { koncern_id: filters.koncernId, weeks: filters.weeks } },
            signal,
          }),
        ),
      ),
    staleTime: 60_000,
  });

export const useLiquidityWarnings = (filters: WarningsFilters | null) =>
  useQuery({
    ...getLiquidityWarningsQueryOptions(filters ?? { koncernId: '', weeks: 0 }),
    enabled: filters !== null,
  });
