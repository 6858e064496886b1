import type { LoggerOptions } from 'pino';

/**
 * Structured JSON logs; pretty when a person watches a terminal. Credentials never reach a log:
 * the paths below are censored wherever they appear, and request logs carry no headers at all.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  '*.client_secret',
  '*.access_token',
  '*.refresh_token',
  '*.id_token',
  '*.password',
  '*.secret',
  'client_secret',
  'access_token',
  'secret',
];

export function apiLoggerOptions(env: NodeJS.ProcessEnv = process.env): LoggerOptions {
  const pretty = process.stdout.isTTY && env.LOG_FORMAT !== 'json';
  return {
    name: 'api',
    level: env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
}
