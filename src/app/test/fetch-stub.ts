import { vi } from 'vitest';

/** A JSON (or problem+json, for 4xx/5xx) response as the BFF would send it. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' },
  });
}

export function problem(status: number, detail: string): Response {
  return jsonResponse(status, { type: 'about:blank', title: 'Problem', status, detail });
}

/**
 * Stands in for the network, the one edge the dashboard's tests replace: the typed client calls
 * `fetch(request)`. Returns the mock and the path + query of each request made.
 */
export function stubFetch(...responses: (Response | Error)[]) {
  const mock = vi.fn<typeof fetch>();
  for (const response of responses) {
    if (response instanceof Error) mock.mockRejectedValueOnce(response);
    else mock.mockResolvedValueOnce(response);
  }
  vi.stubGlobal('fetch', mock);
  const requested = () =>
    mock.mock.calls.map(([input]) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      return `${url.pathname}${url.search}`;
    });
  return { mock, requested };
}
