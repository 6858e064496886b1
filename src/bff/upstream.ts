import { errors, request, type Dispatcher } from 'undici';

export type UpstreamResult =
  | { ok: true; status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }
  | { ok: false; reason: 'timeout' | 'unreachable'; message: string };

/** One call to the Finvis API over HTTP; a slow or absent upstream ends in a result, never a hang. */
export async function callUpstream(
  url: string,
  options: {
    method: Dispatcher.HttpMethod;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs: number;
  },
): Promise<UpstreamResult> {
  // A deadline for the whole call, a body that trickles in too. A plain timer cleared on the way out:
  // AbortSignal.timeout leaves each request's timer to the garbage collector, a cost on every call.
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(new DOMException('upstream deadline', 'TimeoutError')),
    options.timeoutMs,
  );
  try {
    const response = await request(url, {
      method: options.method,
      headers: options.headers,
      body: options.body,
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      signal: deadline.signal,
    });
    const body = Buffer.from(await response.body.arrayBuffer());
    return { ok: true, status: response.statusCode, headers: response.headers, body };
  } catch (error) {
    const timedOut =
      error instanceof errors.HeadersTimeoutError ||
      error instanceof errors.BodyTimeoutError ||
      (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
    return {
      ok: false,
      reason: timedOut ? 'timeout' : 'unreachable',
      message: error instanceof Error ? error.message : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
