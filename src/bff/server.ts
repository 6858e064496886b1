import { pino, type Logger } from 'pino';
import { buildBffApp } from './app';
import type { BffConfig } from './config';
import { bffLoggerOptions } from './logger';

export interface RunningBff {
  url: string;
  close(): Promise<void>;
}

export async function startBffServer(
  config: BffConfig,
  options: { logger?: Logger } = {},
): Promise<RunningBff> {
  const logger = options.logger ?? pino(bffLoggerOptions());
  const { app, started } = await buildBffApp({ config, logger });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://localhost:${port}`;
  try {
    await started(url);
  } catch (error) {
    await app.close();
    throw error;
  }
  return { url: config.publicUrl ?? url, close: () => app.close() };
}
