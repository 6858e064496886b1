import { describe, expect, it } from 'vitest';
import { publicEndpoints } from './endpoints';
import { buildOpenApiDocument } from './openapi';

const document = buildOpenApiDocument(publicEndpoints, {
  title: 'Finvis Public API',
  version: '0.1.0',
  description: 'Test',
}) as {
  openapi: string;
  paths: Record<
    string,
    Record<
      string,
      {
        operationId: string;
        responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
      }
    >
  >;
  components: {
    schemas: Record<string, { type?: string; properties?: Record<string, unknown>; required?: string[] }>;
  };
};

describe('the OpenAPI document generated from the contract', () => {
  it('is OpenAPI 3.1 and lists every endpoint of the contract', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const endpoint of publicEndpoints) {
      expect(document.paths[endpoint.path]?.[endpoint.method.toLowerCase()]?.operationId).toBe(
        endpoint.operationId,
      );
    }
  });

  it('describes responses by reference to named schemas generated from the zod types', () => {
    const ok = document.paths['/public/health']?.get?.responses['200'];
    expect(ok?.content?.['application/json']?.schema.$ref).toBe('#/components/schemas/Health');
    const health = document.components.schemas.Health;
    expect(health?.type).toBe('object');
    expect(health?.required).toEqual(expect.arrayContaining(['status', 'version', 'time', 'database']));
  });

  it('includes the problem+json error shape and the money convention', () => {
    expect(document.components.schemas.Problem?.required).toEqual(
      expect.arrayContaining(['type', 'title', 'status']),
    );
    const money = document.components.schemas.Money;
    expect(money?.properties).toHaveProperty('amount');
    expect(money?.properties).toHaveProperty('currency');
  });

  it('resolves every $ref inside the document', () => {
    const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const name = ref.slice('"$ref":"#/components/schemas/'.length, -1);
      expect(document.components.schemas, ref).toHaveProperty(name);
    }
  });
});
