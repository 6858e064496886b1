import { z } from 'zod';
import type { Endpoint } from './endpoint';
import { problem, PROBLEM_CONTENT_TYPE } from './problem';
import { scopeDescriptions } from './scopes';

type JsonSchema = Record<string, unknown>;

export interface OpenApiInfo {
  title: string;
  version: string;
  description: string;
  serverUrl?: string;
}

const componentRef = (id: string) => `#/components/schemas/${id}`;

function pascal(operationId: string): string {
  return operationId.charAt(0).toUpperCase() + operationId.slice(1);
}

function registeredId(schema: z.ZodType): string | undefined {
  const meta = z.globalRegistry.get(schema);
  return typeof meta?.id === 'string' ? meta.id : undefined;
}

/** Gives every request and response schema a component name, so the document refers instead of repeating. */
function nameSchemas(endpoints: readonly Endpoint[]): { requestIds: Set<string> } {
  const requestIds = new Set<string>();
  for (const endpoint of endpoints) {
    if (endpoint.body) {
      const id = registeredId(endpoint.body) ?? `${pascal(endpoint.operationId)}Request`;
      if (!registeredId(endpoint.body)) z.globalRegistry.add(endpoint.body, { id });
      requestIds.add(id);
    }
    for (const [status, response] of Object.entries(endpoint.responses)) {
      if (response.schema && !registeredId(response.schema)) {
        z.globalRegistry.add(response.schema, { id: `${pascal(endpoint.operationId)}Response${status}` });
      }
    }
  }
  return { requestIds };
}

function componentSchemas(requestIds: Set<string>): Record<string, JsonSchema> {
  const generate = (io: 'input' | 'output') =>
    z.toJSONSchema(z.globalRegistry, {
      target: 'draft-2020-12',
      io,
      unrepresentable: 'any',
      uri: componentRef,
    }).schemas as Record<string, JsonSchema>;
  const output = generate('output');
  const input = generate('input');
  const result: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(output)) {
    const chosen = requestIds.has(id) ? (input[id] ?? schema) : schema;
    const { $schema: _dropped, ...rest } = chosen;
    result[id] = rest;
  }
  return result;
}

function parameters(endpoint: Endpoint): JsonSchema[] {
  const result: JsonSchema[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodType | undefined) => {
    if (!schema) return;
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as {
      properties?: Record<string, JsonSchema>;
      required?: string[];
    };
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...propertySchema } = property;
      result.push({
        name,
        in: where,
        required: where === 'path' || (json.required ?? []).includes(name),
        ...(typeof description === 'string' ? { description } : {}),
        schema: propertySchema,
      });
    }
  };
  add('path', endpoint.params);
  add('query', endpoint.query);
  return result;
}

function schemaRef(schema: z.ZodType): JsonSchema {
  const id = registeredId(schema);
  if (!id) throw new Error('every request and response schema is named before the document is built');
  return { $ref: componentRef(id) };
}

/** Builds the OpenAPI 3.1 document from the endpoint declarations: nothing is written by hand beside them. */
export function buildOpenApiDocument(endpoints: readonly Endpoint[], info: OpenApiInfo): JsonSchema {
  const { requestIds } = nameSchemas(endpoints);
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const tags = new Set<string>();

  for (const endpoint of endpoints) {
    endpoint.tags.forEach((tag) => tags.add(tag));
    const responses: Record<string, JsonSchema> = {};
    for (const [status, response] of Object.entries(endpoint.responses)) {
      const contentType =
        response.contentType ?? (Number(status) >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json');
      const schema = response.schema ?? (Number(status) >= 400 ? problem : undefined);
      responses[status] = {
        description: response.description,
        ...(schema ? { content: { [contentType]: { schema: schemaRef(schema) } } } : {}),
      };
    }
    const operation: JsonSchema = {
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      ...(endpoint.description ? { description: endpoint.description } : {}),
      tags: endpoint.tags,
      parameters: parameters(endpoint),
      ...(endpoint.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: schemaRef(endpoint.body) } },
            },
          }
        : {}),
      responses,
      security: endpoint.scope ? [{ oauth2: [endpoint.scope] }] : [],
      ...(endpoint.scope ? { 'x-required-scope': endpoint.scope } : {}),
    };
    (paths[endpoint.path] ??= {})[endpoint.method.toLowerCase()] = operation;
  }

  return {
    openapi: '3.1.0',
    info: {
      title: info.title,
      version: info.version,
      description: info.description,
      license: { name: 'Proprietary', identifier: 'LicenseRef-Finvis' },
    },
    servers: [{ url: info.serverUrl ?? '/' }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: {
      schemas: componentSchemas(requestIds),
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          description: 'OAuth 2.0 client credentials; every token is scoped to one tenant.',
          flows: {
            clientCredentials: {
              tokenUrl: '/public/auth/token/',
              scopes: scopeDescriptions,
            },
          },
        },
      },
    },
  };
}
