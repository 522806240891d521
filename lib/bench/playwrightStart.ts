// Playwright's own start on this machine, now: spawn to the first test, and global setup's end to
// the first test (a worker starting), of an empty run (lib/bench/bare/). The harness's start is
// judged against it, so that a slow or loaded machine is told apart from a slow harness.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../runSuite.ts';

export interface PlaywrightStart {
  /** Spawn → the empty test started. */
  toFirstTestMs: number;
  /** Global setup ended → the empty test started: a worker's start. */
  workerStartMs: number;
}

/** The quickest of `runs` empty runs (the floor: what Playwright cannot do faster here). */
export async function playwrightStart(runs = 2): Promise<PlaywrightStart> {
  const out = join(tmpdir(), `bench-bare-${process.pid}.json`);
  const seen: PlaywrightStart[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const spawnedAt = Date.now();
      const run = await runCommand(['playwright', 'test', '--config', 'lib/bench/bare/bare.config.ts'], { env: { BENCH_BARE_OUT: out } });
      if (run.exitCode !== 0) throw new Error(`the empty Playwright run failed:\n${run.output}`);
      const { setupDoneAt, testAt } = JSON.parse(readFileSync(out, 'utf8')) as { setupDoneAt: number; testAt: number };
      seen.push({ toFirstTestMs: testAt - spawnedAt, workerStartMs: testAt - setupDoneAt });
    }
  } finally {
    rmSync(out, { force: true });
  }
  return { toFirstTestMs: Math.min(...seen.map((s) => s.toFirstTestMs)), workerStartMs: Math.min(...seen.map((s) => s.workerStartMs)) };
}
