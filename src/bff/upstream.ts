import { Agent, errors, type Dispatcher } from 'undici';

export type UpstreamResult =
  | { ok: true; status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }
  | { ok: false; reason: 'timeout' | 'unreachable'; message: string };

/**
 * The BFF's own connection pool: the global dispatcher may be the older undici inside Node (set by the
 * first `fetch`), which does not know the handler below.
 */
const upstreamAgent = new Agent();

/**
 * One call to the Finvis API over HTTP; a slow or absent upstream ends in a result, never a hang.
 *
 * The response is collected through undici's dispatch handler, not `request()`: the BFF keeps whole
 * bodies anyway, and `request()`'s body stream, abort signal and their listeners were a quarter of
 * the CPU the BFF spent on a call it passes on.
 */
export function callUpstream(
  url: string,
  options: {
    method: Dispatcher.HttpMethod;
    headers?: Record<string, string>;
    body?: string | Buffer;
    timeoutMs: number;
  },
): Promise<UpstreamResult> {
  const { origin, path } = splitUrl(url);
  return new Promise<UpstreamResult>((resolve) => {
    let settled = false;
    let controller: Dispatcher.DispatchController | null = null;
    const settle = (result: UpstreamResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(result);
    };
    // A deadline for the whole call, connecting and a body that trickles in included; a plain timer,
    // cleared on the way out.
    const deadline = setTimeout(() => {
      const reason = new DOMException('upstream deadline', 'TimeoutError');
      settle({ ok: false, reason: 'timeout', message: reason.message });
      controller?.abort(reason);
    }, options.timeoutMs);

    let status = 0;
    let headers: Record<string, string | string[] | undefined> = {};
    const chunks: Buffer[] = [];
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (settled) started.abort(new DOMException('upstream deadline', 'TimeoutError'));
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        status = statusCode;
        headers = responseHeaders;
      },
      onResponseData(_controller, chunk) {
        chunks.push(chunk);
      },
      onResponseEnd() {
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
        settle({ ok: true, status, headers, body });
      },
      onResponseError(_controller, error) {
        const timedOut =
          error instanceof errors.HeadersTimeoutError ||
          error instanceof errors.BodyTimeoutError ||
          error.name === 'TimeoutError';
        settle({ ok: false, reason: timedOut ? 'timeout' : 'unreachable', message: error.message });
      },
    };
    try {
      upstreamAgent.dispatch(
        {
          origin,
          path,
          method: options.method,
          headers: options.headers,
          body: options.body,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        },
        handler,
      );
    } catch (error) {
      // A request undici refuses outright (an invalid header value, say) never reaches the API.
      settle({
        ok: false,
        reason: 'unreachable',
        message: error instanceof Error ? error.message : String(error),
      });
    }
  });
}

/** `http://host:port/public/x?y` → its origin and its path with the query, without a URL object per call. */
function splitUrl(url: string): { origin: string; path: string } {
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  return pathStart === -1
    ? { origin: url, path: '/' }
    : { origin: url.slice(0, pathStart), path: url.slice(pathStart) };
}
