import type { RateLimitLogger } from './limiter';

export interface LoggedLine {
  level: 'warn' | 'info';
  object: object;
  message: string;
}

/** A RateLimitLogger that keeps what it is told, for tests. */
export function recordingLogger(): RateLimitLogger & { lines: LoggedLine[] } {
  const lines: LoggedLine[] = [];
  return {
    lines,
    warn: (object, message) => lines.push({ level: 'warn', object, message }),
    info: (object, message) => lines.push({ level: 'info', object, message }),
  };
}
