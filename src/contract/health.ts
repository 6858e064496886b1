import { z } from 'zod';
import { defineEndpoint } from './endpoint';
import { timestamp } from './money';

export const health = z
  .object({
    status: z.enum(['ok', 'degraded']),
    version: z.string(),
    time: timestamp,
    database: z.object({
      status: z.enum(['ok', 'unavailable']),
      engine: z.enum(['pglite', 'postgres']),
      latency_ms: z.number().int().nullable(),
    }),
  })
  .meta({ id: 'Health', description: 'Whether the API and its database answer.' });

export type Health = z.infer<typeof health>;

export const getHealth = defineEndpoint({
  operationId: 'getHealth',
  method: 'GET',
  path: '/public/health',
  summary: 'Health of the API and its database',
  tags: ['Platform'],
  scope: null,
  responses: {
    200: { description: 'The API and its database answer.', schema: health },
    503: { description: 'The database does not answer.', schema: health },
  },
});
