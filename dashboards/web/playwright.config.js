// Runs the dashboard's browser tests in Debian's Chromium (network/prerequisites.sh installs it);
// Playwright never downloads a browser here (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 in e2e.sh).
import { defineConfig } from '@playwright/test';

const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export default defineConfig({
  testDir: './tests',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.DASHBOARD_URL ?? 'http://127.0.0.1:8080',
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      // Chromium's sandbox refuses to run as root.
      args: ['--headless', ...(runningAsRoot ? ['--no-sandbox'] : [])],
    },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },
});
