/** A failed call to the BFF, with the HTTP status and the problem detail when the API sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The problem+json body, when there was one: validation errors name their fields here. */
    readonly problem: ProblemBody | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { pointer?: string; detail?: string }[];
  [extension: string]: unknown;
}

function asProblem(body: unknown): ProblemBody | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as ProblemBody) : null;
}

export function apiErrorFrom(status: number, body: unknown): ApiError {
  const problem = asProblem(body);
  const message =
    (typeof problem?.detail === 'string' && problem.detail) ||
    (typeof problem?.title === 'string' && problem.title) ||
    `HTTP ${status}`;
  return new ApiError(status, message, problem);
}

/**
 * Retry only what may pass on a second try, at most twice: 5xx, 429 and network failures (fetch rejects
 * with a TypeError). Never a 4xx, and never a response that breaks the contract: it would break again.
 */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (failureCount >= 2) return false;
  if (error instanceof ApiError) return error.status >= 500 || error.status === 429;
  return error instanceof TypeError;
}
