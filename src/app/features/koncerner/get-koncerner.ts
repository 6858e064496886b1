import { queryOptions, useQuery } from '@tanstack/react-query';
import { koncernList } from '../../../contract/ledger';
import { api, expectData } from '../../api/client';

export const koncernKeys = {
  all: ['koncerner'] as const,
  lists: () => [...koncernKeys.all, 'list'] as const,
};

export const getKoncernerQueryOptions = () =>
  queryOptions({
    queryKey: koncernKeys.lists(),
    queryFn: async ({ signal }) =>
      koncernList.parse(
        await expectData(api.GET('/public/koncerner', { params: { query: { limit: 500 } }, signal })),
      ),
    // The group structure changes rarely.
    staleTime: 5 * 60_000,
  });

export const useKoncerner = (enabled: boolean) => useQuery({ ...getKoncernerQueryOptions(), enabled });
