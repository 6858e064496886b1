import type { FastifyReply, FastifyRequest } from 'fastify';
import { makeProblem, PROBLEM_CONTENT_TYPE, type ProblemType } from '../../contract/problem';

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
