import { defineConfig, type ReporterDescription } from '@playwright/test';
import { join } from 'node:path';
import { reportDir } from './lib/conformanceReport.ts';
import { adapterOf, profileNames, useAdapters } from './lib/registry.ts';
import { readRunPlans, RUNS_ENV, runSuffix, runsOf } from './lib/runs.ts';
import { escapeRegExp } from './lib/runSuite.ts';
import { loadTargetFile, TargetError } from './lib/target.ts';
import type { ConformanceWorkerFixtures } from './fixtures/conformance.ts';
import { runAdapters } from './specs/registry.ts';

// The APIs this run knows: one adapter each (specs/registry.ts; the target file's openapi sections
// among them). Workers load this file too. A bad target file stops the run here, before any test
// starts, with one message naming the field.
try {
  useAdapters(await runAdapters());
  if (process.env.CONFORMANCE_TARGET) loadTargetFile(process.env.CONFORMANCE_TARGET);
} catch (err) {
  if (!(err instanceof TargetError)) throw err;
  console.error(`conformance: ${err.message}`);
  process.exit(2);
}

const reports = reportDir();

// One seed for the whole run: the runner picks it, workers inherit it, and the reports show it.
process.env.CONFORMANCE_SEED ??= String(Date.now() % 2 ** 31);

// A kill or variant check: many runs, each test declared once per run (fixtures/perRun.ts), and
// one project per profile keeping the tests of that profile's runs.
const plans = process.env[RUNS_ENV] ? readRunPlans(process.env[RUNS_ENV]) : undefined;
const projects = profileNames()
  .map((profile) => ({ profile, runs: plans ? runsOf(plans, profile).map((r) => escapeRegExp(runSuffix(r.name))) : undefined }))
  .filter(({ runs }) => !runs || runs.length > 0)
  .map(({ profile, runs }) => ({ profile, greps: [runs && `(?:${runs.join('|')})`, adapterOf(profile).testsOf?.(profile).source].filter(Boolean) }))
  .map(({ profile, greps }) => ({
    name: profile,
    testDir: adapterOf(profile).specDir,
    use: { apiName: profile },
    // Every filter must match: the runs of the profile, and its own tests of a shared spec folder.
    ...(greps.length ? { grep: new RegExp(greps.map((g) => `(?=.*${g})`).join('')) } : {}),
  }));

// A run of many targets reports per run (runs.json); the per-test reports would list every repetition.
const perTestReporters: ReporterDescription[] = plans
  ? []
  : [
      ['html', { outputFolder: join(reports, 'html'), open: 'never' }],
      ['junit', { outputFile: join(reports, 'junit.xml') }],
    ];

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
  reporter: [[process.env.CI || plans ? 'dot' : 'list'], ...perTestReporters, ['./lib/conformanceReporter.ts']],
  use: { trace: 'off' },
  projects,
});
