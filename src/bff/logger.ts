import type { LoggerOptions } from 'pino';

/**
 * The BFF holds the Finvis client secret, the client-credentials tokens and the users' tokens:
 * none of them may reach a log. Request logs carry no headers; these paths are censored anywhere.
 */
const BFF_REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["finvis-acting-user"]',
  '*.client_secret',
  '*.access_token',
  '*.id_token',
  '*.refresh_token',
  'client_secret',
  'access_token',
];

export function bffLoggerOptions(env: NodeJS.ProcessEnv = process.env): LoggerOptions {
  const pretty = process.stdout.isTTY && env.LOG_FORMAT !== 'json';
  return {
    name: 'bff',
    level: env.LOG_LEVEL ?? 'info',
    redact: { paths: BFF_REDACTED_PATHS, censor: '[redacted]' },
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
