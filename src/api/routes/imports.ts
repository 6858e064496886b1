import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { describeProblem } from '../../banking/statements/model';
import {
  createStatementImport,
  getStatementImport,
  listStatementImports,
  type StatementImportList,
} from '../../contract/imports';
import { idSchema } from '../../contract/ids';
import { PROBLEM_CONTENT_TYPE, problemTypes } from '../../contract/problem';
import type { DatabaseHandle } from '../db/client';
import { statementImports } from '../db/schema';
import { withTenant } from '../db/tenant-scope';
import { decodeCursor, encodeCursor } from '../http/cursor';
import type { EndpointResult } from '../http/endpoint-route';
import { registerEndpoint } from '../http/endpoint-route';
import { notFound, problemBody, ProblemError } from '../http/problem';
import { registerWriteEndpoint } from '../idempotency/write-endpoint';
import { importStatementFile, type ImportRow } from '../imports/import-file';
import { publicImport } from '../imports/import-view';
import { UploadedFile } from '../imports/uploaded-file';
import { tenantOf } from '../auth/request-auth';

/** A problem answered (not thrown), so that the rejected import recorded with it is kept. */
function problemResult(request: FastifyRequest, error: ProblemError, importId: string): EndpointResult {
  return {
    status: error.status,
    body: { ...problemBody(request, error), import_id: importId },
    headers: { 'content-type': `${PROBLEM_CONTENT_TYPE}; charset=utf-8` },
  };
}

function rejectedProblem(row: ImportRow, reason: 'unreadable' | 'unbookable'): ProblemError {
  const errors = row.errors.map((error) => ({
    path: error.line === null ? error.where : `line ${error.line}: ${error.where}`,
    message: error.message,
  }));
  const first = row.errors[0];
  const summary = first ? describeProblem(first) : 'the file was refused';
  return reason === 'unreadable'
    ? new ProblemError(
        400,
        problemTypes.validation,
        'File refused',
        `The ${row.kind} file was refused and nothing was booked (import ${row.id}): ${summary}.`,
        errors,
      )
    : new ProblemError(
        422,
        problemTypes.validation,
        'File cannot be booked for this tenant',
        `Nothing was booked (import ${row.id}): ${summary}.`,
        errors,
      );
}

/**
 * Bank file imports (issue 10). The file is the raw request body: this plugin scope reads any
 * content type as bytes (up to the API's 10 MB body limit) into an UploadedFile.
 */
export async function registerImportRoutes(
  app: FastifyInstance,
  services: { database: DatabaseHandle },
): Promise<void> {
  const db = services.database.db;

  await app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, parsed) => {
      parsed(null, new UploadedFile(body as Buffer, request.url));
    });

    registerWriteEndpoint(
      scope,
      createStatementImport,
      services,
      async ({ body, query, request, tx }) => {
        const file = body as UploadedFile;
        const outcome = await importStatementFile(tx, {
          tenantId: tenantOf(request),
          kind: query.kind,
          bytes: file.bytes,
          fileName: query.file_name ?? null,
          clientId: request.auth?.clientId ?? null,
          actingUser: request.auth?.actingUser ?? null,
          requestId: request.id,
        });
        if (outcome.outcome === 'duplicate') {
          const existing = outcome.existing;
          return problemResult(
            request,
            new ProblemError(
              409,
              problemTypes.conflict,
              'File already imported',
              `This file was imported as ${existing.id} at ${existing.createdAt.toISOString()} (same ${existing.fileSha256 === file.sha256 ? 'bytes' : 'kind and message id'}); nothing was booked again.`,
            ),
            existing.id,
          );
        }
        const { row } = outcome;
        if (outcome.outcome === 'rejected')
          return problemResult(request, rejectedProblem(row, outcome.reason), row.id);
        return { status: 201, body: publicImport(row), headers: { location: `/public/imports/${row.id}` } };
      },
      {
        validate: ({ body }) => {
          if (!(body instanceof UploadedFile) || body.size === 0) {
            throw new ProblemError(
              400,
              problemTypes.validation,
              'Invalid request',
              'The request body must be the bank file; it is empty.',
              [{ path: '/body', message: 'the file is empty' }],
            );
          }
        },
      },
    );
    done();
  });

  const listKey = z.tuple([idSchema('statementImport')]);
  registerEndpoint(app, listStatementImports, async ({ query, raw }) => {
    const before =
      query.cursor === undefined ? null : decodeCursor('statement_imports', listKey, query.cursor)[0];
    const tenantId = tenantOf(raw);
    const rows = await withTenant(db, tenantId, (tx) => {
      const conditions: (SQL | undefined)[] = [
        eq(statementImports.tenantId, tenantId),
        query.kind === undefined ? undefined : eq(statementImports.kind, query.kind),
        query.status === undefined ? undefined : eq(statementImports.status, query.status),
        before === null ? undefined : lt(statementImports.id, before),
      ];
      return tx
        .select()
        .from(statementImports)
        .where(and(...conditions))
        .orderBy(desc(statementImports.id))
        .limit(query.limit + 1);
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const body: StatementImportList = {
      results: page.map(publicImport),
      next_cursor: rows.length > query.limit && last ? encodeCursor('statement_imports', [last.id]) : null,
    };
    return { status: 200, body };
  });

  registerEndpoint(app, getStatementImport, async ({ params, raw }) => {
    const [row] = await withTenant(db, tenantOf(raw), (tx) =>
      tx.select().from(statementImports).where(eq(statementImports.id, params.id)),
    );
    if (!row) throw notFound(`No import ${params.id}.`);
    return { status: 200, body: publicImport(row) };
  });
}
