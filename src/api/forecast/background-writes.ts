/**
 * Writes a request leaves behind to run after it (what the forecast stores for the next process), each in a
 * transaction of its own; a failure goes to `onError`, never to the request. `settle()` lets the app wait for
 * them on close.
 */
export class BackgroundWrites {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly onError: (error: unknown) => void) {}

  start(write: () => Promise<void>): void {
    const running = write().catch(this.onError);
    this.running.add(running);
    void running.finally(() => this.running.delete(running));
  }

  /** Resolves once every write begun so far has ended. */
  async settle(): Promise<void> {
    await Promise.all(this.running);
  }
}
