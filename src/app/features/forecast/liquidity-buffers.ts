import { queryOptions, useQuery } from '@tanstack/react-query';
import {
  liquidityBufferList,
  liquidityBufferSet,
  type LiquidityBufferList,
} from '../../../contract/forecast';
import { api, expectData } from '../../api/client';

export const liquidityBufferKeys = { all: ['liquidity-buffers'] as const };

/** Every company's buffer: a tenant has tens of companies, and the API lists them in one answer. */
export const getLiquidityBuffersQueryOptions = () =>
  queryOptions({
    queryKey: liquidityBufferKeys.all,
    queryFn: async ({ signal }): Promise<LiquidityBufferList> =>
      liquidityBufferList.parse(
        await expectData(api.GET('/public/reporting/forecast/buffers', { params: {}, signal })),
      ),
  });

export const useLiquidityBuffers = () => useQuery(getLiquidityBuffersQueryOptions());

/** Sets a company's buffer in SEK (`amount` a wire decimal such as "2000000.00"), or removes it (null). */
export async function setLiquidityBuffer(companyId: string, amount: string | null, key: string) {
  return liquidityBufferSet.parse(
    await expectData(
      api.POST('/public/reporting/forecast/buffers', {
        body: { company_id: companyId, minimum: amount === null ? null : { amount, currency: 'SEK' } },
        params: { header: { 'Idempotency-Key': key } },
      }),
    ),
  );
}
