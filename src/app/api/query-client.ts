import { QueryClient } from '@tanstack/react-query';
import { shouldRetry } from './errors';

/** The dashboard's query defaults: data is fresh for 30 s, and only failures that may pass are retried. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: shouldRetry } },
  });
}
