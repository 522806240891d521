// How many generated cases a run drew, for the benchmark (bin/bench.ts). Off unless
// CONFORMANCE_CASE_TALLY names a folder: then each process that draws cases writes, when it exits,
// one file there listing each call of lib/cases.ts — the spec file and line that made it, its
// rank among that line's calls in the process, when, and how many cases it returned. The
// benchmark matches the time to the test its worker was running then (or to none: the spec file
// was loading), so that cases are counted against the requests of the tests that sent them.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CASE_TALLY_ENV = 'CONFORMANCE_CASE_TALLY';

export interface CaseCall {
  /** `sampleValid` or `edgeCasesOf`, and the spec line that called it (file:line:column). */
  what: string;
  site: string;
  /** The spec file of `site`. */
  file: string;
  /** Its rank among the calls from `site` in this process (a top-level call repeats in each process). */
  rank: number;
  /** Epoch ms. */
  at: number;
  count: number;
}

/** One process's tally: its Playwright worker index (none in the runner) and its calls. */
export interface CaseTallyFile {
  pid: number;
  workerIndex?: number;
  calls: CaseCall[];
}

const folder = process.env[CASE_TALLY_ENV];
const calls: CaseCall[] = [];

/** The first stack frame outside the generator: the spec line that asked for cases. */
function callSite(): string {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const outside = frames.find((f) => !/lib[\\/](cases|bench[\\/]caseTally)\.ts/.test(f)) ?? '(unknown)';
  return outside
    .trim()
    .replace(/^at\s+/, '')
    .replace(/^.*\((.*)\)$/, '$1')
    .replace(/^file:\/\//, '');
}

function write(): void {
  const tally: CaseTallyFile = { pid: process.pid, calls };
  const worker = process.env.TEST_WORKER_INDEX;
  if (worker !== undefined) tally.workerIndex = Number(worker);
  writeFileSync(join(folder!, `cases-${process.pid}.json`), JSON.stringify(tally));
}

/** Records that a call of lib/cases.ts (`what`: sampleValid, edgeCasesOf) returned `count` cases. */
export function tallyCases(what: string, count: number): void {
  if (!folder) return;
  if (calls.length === 0) process.once('exit', write);
  const site = callSite();
  const rank = calls.filter((c) => c.site === site && c.what === what).length;
  calls.push({ what, site, file: site.replace(/:\d+:\d+$/, ''), rank, at: Date.now(), count });
}
