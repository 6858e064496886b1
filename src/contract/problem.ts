import { z } from 'zod';

/** Stable problem type URIs, one per kind of error (RFC 9457 §3.1.1). */
export const problemTypes = {
  validation: 'https://finvis.se/problems/validation',
  notFound: 'https://finvis.se/problems/not-found',
  methodNotAllowed: 'https://finvis.se/problems/method-not-allowed',
  payloadTooLarge: 'https://finvis.se/problems/payload-too-large',
  unsupportedMediaType: 'https://finvis.se/problems/unsupported-media-type',
  malformedBody: 'https://finvis.se/problems/malformed-body',
  unauthorized: 'https://finvis.se/problems/unauthorized',
  forbidden: 'https://finvis.se/problems/insufficient-scope',
  conflict: 'https://finvis.se/problems/conflict',
  rateLimited: 'https://finvis.se/problems/rate-limited',
  idempotency: 'https://finvis.se/problems/idempotency',
  unavailable: 'https://finvis.se/problems/service-unavailable',
  badGateway: 'https://finvis.se/problems/bad-gateway',
  gatewayTimeout: 'https://finvis.se/problems/gateway-timeout',
  internal: 'https://finvis.se/problems/internal',
} as const;

export type ProblemType = (typeof problemTypes)[keyof typeof problemTypes];

export const problemFieldError = z.object({
  path: z
    .string()
    .meta({ description: 'JSON-pointer-like path of the failing field, e.g. `/payments/3/amount`.' }),
  message: z.string(),
});

export const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    request_id: z.string().optional(),
    errors: z.array(problemFieldError).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details (application/problem+json).' });

export type Problem = z.infer<typeof problem>;
export type ProblemFieldError = z.infer<typeof problemFieldError>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface ProblemInit {
  status: number;
  type: ProblemType;
  title: string;
  detail?: string | undefined;
  instance?: string | undefined;
  requestId?: string | undefined;
  errors?: ProblemFieldError[] | undefined;
}

/** The one way a problem body is shaped, for the API and the BFF alike. */
export function makeProblem(init: ProblemInit): Problem {
  return {
    type: init.type,
    title: init.title,
    status: init.status,
    ...(init.detail ? { detail: init.detail } : {}),
    ...(init.instance ? { instance: init.instance } : {}),
    ...(init.requestId ? { request_id: init.requestId } : {}),
    ...(init.errors ? { errors: init.errors } : {}),
  };
}
