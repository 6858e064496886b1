import { queryOptions, useQuery } from '@tanstack/react-query';
import { positions } from '../../../contract/reporting';
import { api, expectData } from '../../api/client';

export type PositionsGroupBy = 'company' | 'bank' | 'currency' | 'account';

export interface PositionsFilters {
  koncernId: string;
  date: string;
  groupBy: PositionsGroupBy;
}

export const positionKeys = {
  all: ['positions'] as const,
  lists: () => [...positionKeys.all, 'list'] as const,
  list: (filters: PositionsFilters) => [...positionKeys.lists(), filters] as const,
};

export const getPositionsQueryOptions = (filters: PositionsFilters) =>
  queryOptions({
    queryKey: positionKeys.list(filters),
    queryFn: async ({ signal }) =>
      positions.parse(
        await expectData(
          api.GET('/public/reporting/positions', {
            params: {
              query: { koncern_id: filters.koncernId, date: filters.date, group_by: filters.groupBy },
            },
            signal,
          }),
        ),
      ),
    staleTime: 60_000,
  });

export const usePositions = (filters: PositionsFilters | null) =>
  useQuery({
    ...getPositionsQueryOptions(filters ?? { koncernId: '', date: '', groupBy: 'company' }),
    enabled: filters !== null,
  });
