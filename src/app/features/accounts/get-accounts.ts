import { queryOptions, useQuery } from '@tanstack/react-query';
import { account, accountList, type AccountKind } from '../../../contract/ledger';
import { api, expectData } from '../../api/client';

export interface AccountFilters {
  koncernId: string;
  companyId?: string;
  currency?: string;
  kind?: AccountKind;
  bank?: string;
  cashPoolTopId?: string;
}

export const accountKeys = {
  all: ['accounts'] as const,
  lists: () => [...accountKeys.all, 'list'] as const,
  list: (filters: AccountFilters) => [...accountKeys.lists(), filters] as const,
  details: () => [...accountKeys.all, 'detail'] as const,
  detail: (id: string) => [...accountKeys.details(), id] as const,
};

/** A koncern has tens of accounts, not thousands: one page of the maximum size holds them all. */
export const getAccountsQueryOptions = (filters: AccountFilters) =>
  queryOptions({
    queryKey: accountKeys.list(filters),
    queryFn: async ({ signal }) =>
      accountList.parse(
        await expectData(
          api.GET('/public/accounts', {
            params: {
              query: {
                koncern_id: filters.koncernId,
                company_id: filters.companyId,
                currency: filters.currency,
                kind: filters.kind,
                bank: filters.bank,
                cash_pool_top_id: filters.cashPoolTopId,
                limit: 500,
              },
            },
            signal,
          }),
        ),
      ),
    staleTime: 60_000,
  });

export const getAccountQueryOptions = (id: string) =>
  queryOptions({
    queryKey: accountKeys.detail(id),
    queryFn: async ({ signal }) =>
      account.parse(await expectData(api.GET('/public/accounts/{id}', { params: { path: { id } }, signal }))),
    staleTime: 60_000,
  });

export const useAccounts = (filters: AccountFilters | null) =>
  useQuery({ ...getAccountsQueryOptions(filters ?? { koncernId: '' }), enabled: filters !== null });

export const useAccount = (id: string, enabled: boolean) =>
  useQuery({ ...getAccountQueryOptions(id), enabled });
