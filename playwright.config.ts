import { defineConfig } from '@playwright/test';
import { join } from 'node:path';
import { reportDir } from './lib/conformanceReporter.ts';
import { API_NAMES, type ApiName } from './lib/requirements.ts';
import { loadTargetFile, TargetError } from './lib/target.ts';
import type { ConformanceWorkerFixtures } from './fixtures/conformance.ts';

// A bad target file stops the run here, before any test starts, with one message naming the field.
if (process.env.CONFORMANCE_TARGET) {
  try {
    loadTargetFile(process.env.CONFORMANCE_TARGET);
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    console.error(`conformance: ${err.message}`);
    process.exit(2);
  }
}

const specDir: Record<ApiName, string> = {
  'jaicp-chat': 'specs/chat-api',
  'aimylogic-chat': 'specs/chat-api',
  'edna-threads': 'specs/edna-threads',
  lia: 'specs/lia',
};

const reports = reportDir();

// One seed for the whole run: the runner picks it, workers inherit it, and the reports show it.
process.env.CONFORMANCE_SEED ??= String(Date.now() % 2 ** 31);

export default defineConfig<{}, Pick<ConformanceWorkerFixtures, 'apiName'>>({
  globalSetup: './fixtures/globalSetup.ts',
  outputDir: join(reports, 'test-results'),
  fullyParallel: true,
  // Two unless set: the mandated waits of different tests overlap (npm run bench: 18.9 s against 25.5 s with one, on 2 idle cores).
  workers: Number(process.env.CONFORMANCE_WORKERS ?? 2),
  timeout: 60_000,
  // The last bound on a run against a target that stalls everything: an hour, unless set.
  globalTimeout: Number(process.env.CONFORMANCE_GLOBAL_TIMEOUT_MS ?? 60 * 60_000),
  forbidOnly: true,
  reporter: [
    [process.env.CI ? 'dot' : 'list'],
    ['html', { outputFolder: join(reports, 'html'), open: 'never' }],
    ['junit', { outputFile: join(reports, 'junit.xml') }],
    ['./lib/conformanceReporter.ts'],
  ],
  use: { trace: 'off' },
  projects: API_NAMES.map((api) => ({ name: api, testDir: specDir[api], use: { apiName: api } })),
});
