import { queryOptions, useQuery } from '@tanstack/react-query';
import { reconciliationSettings } from '../../../contract/reconciliation-settings';
import { api, expectData } from '../../api/client';

export const reconciliationSettingsKeys = { all: ['reconciliation-settings'] as const };

export const getReconciliationSettingsQueryOptions = () =>
  queryOptions({
    queryKey: reconciliationSettingsKeys.all,
    queryFn: async ({ signal }) =>
      reconciliationSettings.parse(
        await expectData(api.GET('/public/reconciliation/settings', { params: {}, signal })),
      ),
  });

export const useReconciliationSettings = () => useQuery(getReconciliationSettingsQueryOptions());

export async function setAutoConfirmThreshold(threshold: number, key: string) {
  return reconciliationSettings.parse(
    await expectData(
      api.POST('/public/reconciliation/settings', {
        body: { auto_confirm_threshold: threshold },
        params: { header: { 'Idempotency-Key': key } },
      }),
    ),
  );
}
