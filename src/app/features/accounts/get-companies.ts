import { queryOptions, useQuery } from '@tanstack/react-query';
import { companyList } from '../../../contract/ledger';
import { api, expectData } from '../../api/client';

export const companyKeys = {
  all: ['companies'] as const,
  lists: () => [...companyKeys.all, 'list'] as const,
  list: (filters: { koncernId: string }) => [...companyKeys.lists(), filters] as const,
};

export const getCompaniesQueryOptions = (koncernId: string) =>
  queryOptions({
    queryKey: companyKeys.list({ koncernId }),
    queryFn: async ({ signal }) =>
      companyList.parse(
        await expectData(
          api.GET('/public/companies', { params: { query: { koncern_id: koncernId, limit: 500 } }, signal }),
        ),
      ),
    staleTime: 5 * 60_000,
  });

export const useCompanies = (koncernId: string | undefined) =>
  useQuery({ ...getCompaniesQueryOptions(koncernId ?? ''), enabled: koncernId !== undefined });
