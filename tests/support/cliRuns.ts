// Runs of the CLI (bin/conformance.ts) as the project's tests start them: with one worker, since
// their runs are a few quick tests each and a second worker's start costs more CPU than it saves.
import { join } from 'node:path';
import { runSuite, type SuiteRun } from '../../lib/runSuite.ts';

/** The environment of a run with one worker (for the runs that start Playwright themselves). */
export const ONE_WORKER = { CONFORMANCE_WORKERS: '1' };

/** Runs the CLI with these arguments, each run's reports in a folder of `root` named for the run. */
export const cliIn =
  (root: string) =>
  (name: string, ...args: string[]): Promise<SuiteRun> =>
    runSuite({ reportDir: join(root, name), command: ['tsx', 'bin/conformance.ts', ...args], env: ONE_WORKER });
