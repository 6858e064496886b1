import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig, devices } from '@playwright/test';

/** Playwright cannot download browsers on a closed network: use the system Chromium where there is one. */
function chromiumExecutable(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE) return process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

const BFF_PORT = Number(process.env.E2E_PORT ?? 3100);
const API_PORT = BFF_PORT + 1010;

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: `http://localhost:${BFF_PORT}`,
    trace: 'retain-on-failure',
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumExecutable(),
          // A closed network: no sandbox as root, and none of Chromium's calls home.
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'node src/cli/launch.js',
    url: `http://localhost:${BFF_PORT}/healthz`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(BFF_PORT),
      FINVIS_API_PORT: String(API_PORT),
      FINVIS_DB: 'memory',
      FINVIS_DATA_DIR: join(tmpdir(), `finvis-e2e-${BFF_PORT}`),
      // The sandbox bank steps every 3 s instead of the demo's 10: on a loaded CI machine a step came only
      // every 30 s, and the tests that wait for a batch to be executed ran out of time.
      FINVIS_BANK_SPEED: '3',
      // The first visit of the cashflow page works out the demo's forecast and its backtest from cold; on a
      // slow CI machine that took more than the BFF's default 10 s to the API, and the page got a 504.
      FINVIS_UPSTREAM_TIMEOUT_MS: '30000',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    },
  },
});
