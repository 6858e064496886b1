import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { makeProblem, PROBLEM_CONTENT_TYPE, problemTypes, type ProblemType } from '../../contract/problem';

export function sendBffProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  type: ProblemType,
  title: string,
  detail: string,
): FastifyReply {
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send(
      makeProblem({
        status,
        type,
        title,
        detail,
        instance: request.url.split('?')[0],
        requestId: request.id,
      }),
    );
}

/** Fastify's own errors (a body too large, bad JSON) as problem+json too; anything else is a logged 500. */
export function installBffErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status === 413) {
      return sendBffProblem(
        request,
        reply,
        413,
        problemTypes.payloadTooLarge,
        'Payload Too Large',
        'The request body is larger than the 10 MiB the API accepts.',
      );
    }
    if (status === 415) {
      return sendBffProblem(
        request,
        reply,
        415,
        problemTypes.unsupportedMediaType,
        'Unsupported Media Type',
        error.message,
      );
    }
    if (status >= 400 && status < 500) {
      return sendBffProblem(request, reply, status, problemTypes.malformedBody, 'Bad Request', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendBffProblem(
      request,
      reply,
      500,
      problemTypes.internal,
      'Internal Server Error',
      'Something went wrong in the dashboard server; the request id identifies it.',
    );
  });
}
