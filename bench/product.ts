import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
/** As the shell had it: Vite's build sets NODE_ENV=production in this process, which `npm start` must not inherit. */
const shellEnv = { ...process.env };

export interface RunningProduct {
  url: string;
  /** Milliseconds from spawning `npm start` until the dashboard and the API behind it answered. */
  readyMs: number;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * `npm start` as a person runs it, on `dataDir` and serving the dashboard built in `staticDir`; ready
 * when `/` and `/api/health` (the API through the BFF) answer.
 */
export async function startProduct(
  dataDir: string,
  staticDir: string,
  port: number,
): Promise<RunningProduct> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...shellEnv,
      PORT: String(port),
      FINVIS_API_PORT: String(port + 1010),
      FINVIS_DATA_DIR: dataDir,
      FINVIS_STATIC_DIR: staticDir,
      LOG_LEVEL: 'warn',
    },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    // The whole process group: npm and the node process that serves.
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGINT');
    await exited;
  };
  const url = `http://localhost:${port}`;
  try {
    for (;;) {
      if ((await answers(`${url}/`)) && (await answers(`${url}/api/health`))) break;
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      if (performance.now() - started > 120_000) throw new Error('npm start did not answer within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, readyMs: performance.now() - started, stop };
}
