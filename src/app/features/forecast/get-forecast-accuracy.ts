import { queryOptions, useQuery } from '@tanstack/react-query';
import { forecastAccuracy } from '../../../contract/forecast';
import { api, expectData } from '../../api/client';

export const forecastAccuracyKeys = {
  all: ['forecast-accuracy'] as const,
  details: () => [...forecastAccuracyKeys.all, 'detail'] as const,
  detail: (koncernId: string) => [...forecastAccuracyKeys.details(), koncernId] as const,
};

/** The backtest changes only as history accrues: a day-old answer is as good as a fresh one. */
export const getForecastAccuracyQueryOptions = (koncernId: string) =>
  queryOptions({
    queryKey: forecastAccuracyKeys.detail(koncernId),
    queryFn: async ({ signal }) =>
      forecastAccuracy.parse(
        await expectData(
          api.GET('/public/reporting/forecast/accuracy', {
            params: { query: { koncern_id: koncernId } },
            signal,
          }),
        ),
      ),
    staleTime: 10 * 60_000,
  });

export const useForecastAccuracy = (koncernId: string) =>
  useQuery(getForecastAccuracyQueryOptions(koncernId));
