import { queryOptions, useQuery } from '@tanstack/react-query';
import { health, type Health } from '../../../contract/health';
import { api } from '../../api/client';
import { apiErrorFrom } from '../../api/errors';

export const healthKeys = {
  all: ['health'] as const,
};

async function fetchHealth(signal: AbortSignal): Promise<Health> {
  const { data, error, response } = await api.GET('/public/health', { signal });
  // 503 still carries a health body that says what is wrong.
  if (response.status === 503) return health.parse(error);
  if (!response.ok || data === undefined) throw apiErrorFrom(response.status, error);
  return health.parse(data);
}

export const getHealthQueryOptions = () =>
  queryOptions({
    queryKey: healthKeys.all,
    queryFn: ({ signal }) => fetchHealth(signal),
    refetchInterval: 15_000,
    retry: 1,
  });

export const useHealth = () => useQuery(getHealthQueryOptions());
