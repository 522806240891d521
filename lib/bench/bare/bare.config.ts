// Playwright's own start, for the benchmark (lib/bench/playwrightStart.ts): one worker, a global
// setup that only notes the time, one empty test, no reporter. What a run of the harness takes
// beyond this is the harness's.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  globalSetup: './globalSetup.ts',
  testDir: '.',
  workers: 1,
  reporter: 'null',
});
