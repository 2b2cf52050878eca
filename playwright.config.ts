import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium with the built extension (dist/chrome); `npm test`
 * builds first. One worker: each launches its own browser and the machine has two cores.
 */
export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  workers: 1,
  fullyParallel: false,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: { trace: 'off' },
});
