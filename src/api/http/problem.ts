import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import {
  makeProblem,
  PROBLEM_CONTENT_TYPE,
  problemTypes,
  type Problem,
  type ProblemFieldError,
  type ProblemType,
} from '../../contract/problem';

/** An error that is the client's to fix (or a known server state), answered as RFC 9457 problem+json. */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: ProblemFieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? title);
    this.name = 'ProblemError';
  }
}

export function notFound(detail = 'No such resource.'): ProblemError {
  return new ProblemError(404, problemTypes.notFound, 'Not Found', detail);
}

export function validationProblem(where: string, issues: readonly z.core.$ZodIssue[]): ProblemError {
  const errors = issues.map((issue) => ({
    path: `/${issue.path.map(String).join('/')}`,
    message: issue.message,
  }));
  return new ProblemError(
    400,
    problemTypes.validation,
    'Invalid request',
    `The request ${where} is not valid.`,
    errors,
  );
}

/** The body of a problem answered to this request. */
export function problemBody(request: FastifyRequest, error: ProblemError): Problem {
  return makeProblem({
    status: error.status,
    type: error.type,
    title: error.title,
    detail: error.detail,
    instance: request.url.split('?')[0],
    requestId: request.id,
    errors: error.errors,
  });
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: ProblemError): FastifyReply {
  return reply
    .code(error.status)
    .headers(error.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemBody(request, error));
}

/** Maps Fastify's own errors (parsing, size, media type) to problems; anything unknown is logged and hidden. */
function problemFromFastifyError(error: FastifyError): ProblemError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemError(
        413,
        problemTypes.payloadTooLarge,
        'Payload Too Large',
        'The request body is too large.',
      );
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProblemError(
        415,
        problemTypes.unsupportedMediaType,
        'Unsupported Media Type',
        'Send the request body as application/json.',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ProblemError(
        400,
        problemTypes.malformedBody,
        'Malformed body',
        'The request body is not valid JSON.',
      );
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new ProblemError(
        400,
        problemTypes.malformedBody,
        'Malformed body',
        'Content-Length does not match the body.',
      );
    default:
      break;
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return new ProblemError(
      400,
      problemTypes.malformedBody,
      'Malformed body',
      'The request body is not valid JSON.',
    );
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new ProblemError(error.statusCode, problemTypes.validation, 'Bad Request', error.message);
  }
  return null;
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ProblemError) return sendProblem(request, reply, error);
    const known = problemFromFastifyError(error);
    if (known) return sendProblem(request, reply, known);
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      request,
      reply,
      new ProblemError(
        500,
        problemTypes.internal,
        'Internal Server Error',
        'Something went wrong on our side; the request id identifies it.',
      ),
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, notFound(`No route ${request.method} ${request.url.split('?')[0]}.`)),
  );
}
