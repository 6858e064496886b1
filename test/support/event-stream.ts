/** A browser's fetch-based event stream: the token goes in the Authorization header. */
export async function openEventStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const received: { id?: string; event?: string; data?: string; comment?: string }[] = [];
  if (response.ok && response.body) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buffer = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) !== -1) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const message: (typeof received)[number] = {};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) message.comment = line.slice(1).trim();
              const [field, ...rest] = line.split(': ');
              const value = rest.join(': ');
              if (field === 'id' || field === 'event' || field === 'data') message[field] = value;
            }
            received.push(message);
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return { response, received, close: () => controller.abort() };
}
