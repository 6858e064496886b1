import { queryOptions, useQuery } from '@tanstack/react-query';
import { koncernList } from '../../../contract/ledger';
import { bffGet } from '../../api/bff-fetch';

export const koncernKeys = {
  all: ['koncerner'] as const,
  lists: () => [...koncernKeys.all, 'list'] as const,
};

export const getKoncernerQueryOptions = () =>
  queryOptions({
    queryKey: koncernKeys.lists(),
    queryFn: async ({ signal }) => koncernList.parse(await bffGet('/koncerner', signal, { limit: 500 })),
    // The group structure changes rarely.
    staleTime: 5 * 60_000,
  });

export const useKoncerner = (enabled: boolean) => useQuery({ ...getKoncernerQueryOptions(), enabled });
