import { queryOptions, useQuery } from '@tanstack/react-query';
import { health, type Health } from '../../../contract/health';

export const healthKeys = {
  all: ['health'] as const,
};

async function fetchHealth(signal: AbortSignal): Promise<Health> {
  const response = await fetch('/api/health', { headers: { accept: 'application/json' }, signal });
  // 503 still carries a health body that says what is wrong.
  if (!response.ok && response.status !== 503) throw new Error(`The API answered ${response.status}`);
  return health.parse(await response.json());
}

export const getHealthQueryOptions = () =>
  queryOptions({
    queryKey: healthKeys.all,
    queryFn: ({ signal }) => fetchHealth(signal),
    refetchInterval: 15_000,
    retry: 1,
  });

export const useHealth = () => useQuery(getHealthQueryOptions());
