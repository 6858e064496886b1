import { paymentBatch, type CreatePaymentBatchBody, type PaymentBatch } from '../../../contract/payments';
import { api, expectData } from '../../api/client';

/** The payments writes; each takes the Idempotency-Key of the user's intent (see use-intent-mutation). */
export async function createBatch(body: CreatePaymentBatchBody, key: string): Promise<PaymentBatch> {
  return paymentBatch.parse(
    await expectData(
      api.POST('/public/payments/batches', { body, params: { header: { 'Idempotency-Key': key } } }),
    ),
  );
}

export async function submitBatch(id: string, key: string): Promise<PaymentBatch> {
  return paymentBatch.parse(
    await expectData(
      api.POST('/public/payments/batches/{id}/submit', {
        params: { path: { id }, header: { 'Idempotency-Key': key } },
      }),
    ),
  );
}

export async function cancelBatch(id: string, key: string): Promise<PaymentBatch> {
  return paymentBatch.parse(
    await expectData(
      api.POST('/public/payments/batches/{id}/cancel', {
        params: { path: { id }, header: { 'Idempotency-Key': key } },
      }),
    ),
  );
}

/** The batch as pain.001 XML (fetched with the person's token, then saved by the browser). */
export async function fetchPain001(id: string, version: '03' | '09'): Promise<string> {
  return expectData(
    api.GET('/public/payments/batches/{id}/pain001', {
      params: { path: { id }, query: { version } },
      parseAs: 'text',
    }),
  );
}
