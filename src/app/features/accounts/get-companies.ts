import { queryOptions, useQuery } from '@tanstack/react-query';
import { companyList } from '../../../contract/ledger';
import { bffGet } from '../../api/bff-fetch';

export const companyKeys = {
  all: ['companies'] as const,
  lists: () => [...companyKeys.all, 'list'] as const,
  list: (filters: { koncernId: string }) => [...companyKeys.lists(), filters] as const,
};

export const getCompaniesQueryOptions = (koncernId: string) =>
  queryOptions({
    queryKey: companyKeys.list({ koncernId }),
    queryFn: async ({ signal }) =>
      companyList.parse(await bffGet('/companies', signal, { koncern_id: koncernId, limit: 500 })),
    staleTime: 5 * 60_000,
  });

export const useCompanies = (koncernId: string | undefined) =>
  useQuery({ ...getCompaniesQueryOptions(koncernId ?? ''), enabled: koncernId !== undefined });
