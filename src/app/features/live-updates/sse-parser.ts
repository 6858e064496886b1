export interface SseMessage {
  id: string | null;
  event: string;
  data: string;
}

/**
 * The server-sent events wire format (HTML Living Standard §9.2.6), fed in chunks as they arrive:
 * `event:`, `data:` (joined by newlines), `id:`; comment lines (`:`) are heartbeats and are skipped;
 * a blank line dispatches. EventSource would parse this for us, but it cannot send the
 * Authorization header, and the token must never travel in the URL.
 */
export function createSseParser(onMessage: (message: SseMessage) => void): (chunk: string) => void {
  let buffer = '';
  let event = '';
  let data: string[] = [];
  let id: string | null = null;
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\r|\n/);
    buffer = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') {
        if (data.length > 0 || event !== '')
          onMessage({ id, event: event || 'message', data: data.join('\n') });
        event = '';
        data = [];
        id = null;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
      else if (field === 'id') id = value;
    }
  };
}
