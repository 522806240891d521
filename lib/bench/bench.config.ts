// The project's Playwright configuration with the benchmark's reporter added, and nothing else
// changed: relative paths in it (test folders, global setup, reporter modules) are made absolute,
// since Playwright reads them relative to the config file, and this one lives in lib/bench/.
import { isAbsolute, resolve } from 'node:path';
import type { PlaywrightTestConfig, ReporterDescription } from '@playwright/test';
import base from '../../playwright.config.ts';
import { PROJECT_ROOT } from '../runSuite.ts';

const fromRoot = (path: string | undefined) => (path === undefined || isAbsolute(path) ? path : resolve(PROJECT_ROOT, path));
const modulePath = (name: string) => (name.startsWith('.') ? fromRoot(name)! : name);
const reporters = (Array.isArray(base.reporter) ? base.reporter : []) as ReporterDescription[];

const config: PlaywrightTestConfig = {
  ...base,
  globalSetup: fromRoot(base.globalSetup as string),
  outputDir: fromRoot(base.outputDir),
  projects: base.projects?.map((p) => ({ ...p, testDir: fromRoot(p.testDir) })),
  reporter: [...reporters.map(([name, options]): ReporterDescription => [modulePath(name), options]), [resolve(PROJECT_ROOT, 'lib/bench/benchReporter.ts')]],
};

export default config;
