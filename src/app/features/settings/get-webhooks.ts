import { queryOptions, useQuery } from '@tanstack/react-query';
import { webhookDeliveryList, webhookEndpointList } from '../../../contract/webhooks';
import { api, expectData } from '../../api/client';

export const webhookKeys = {
  all: ['webhooks'] as const,
  endpoints: () => [...webhookKeys.all, 'endpoints'] as const,
  deliveries: () => [...webhookKeys.all, 'deliveries'] as const,
  deliveriesOf: (endpointId: string) => [...webhookKeys.deliveries(), endpointId] as const,
};

/** A tenant has a handful of endpoints: one page of the maximum size holds them all. */
export const getWebhookEndpointsQueryOptions = () =>
  queryOptions({
    queryKey: webhookKeys.endpoints(),
    queryFn: async ({ signal }) =>
      webhookEndpointList.parse(
        await expectData(
          api.GET('/public/webhooks/endpoints', { params: { query: { limit: 500 } }, signal }),
        ),
      ),
  });

/** The latest attempts to one endpoint, newest first. */
export const getWebhookDeliveriesQueryOptions = (endpointId: string) =>
  queryOptions({
    queryKey: webhookKeys.deliveriesOf(endpointId),
    queryFn: async ({ signal }) =>
      webhookDeliveryList.parse(
        await expectData(
          api.GET('/public/webhooks/deliveries', {
            params: { query: { endpoint_id: endpointId, limit: 50 } },
            signal,
          }),
        ),
      ),
    staleTime: 5_000,
  });

export const useWebhookEndpoints = (enabled: boolean) =>
  useQuery({ ...getWebhookEndpointsQueryOptions(), enabled });

export const useWebhookDeliveries = (endpointId: string) =>
  useQuery(getWebhookDeliveriesQueryOptions(endpointId));
