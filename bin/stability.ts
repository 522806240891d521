// npm run stability -- [--runs N] [--target FILE] [--api NAME]... [--grep TEXT] [--workers N]
// Runs the suite N times in a row (against the embedded reference unless --target says otherwise)
// and reports every test and every requirement whose verdict was not the same in every run: a
// flaky check is a defect of the harness, as bad as a false failure. Reports of each run are kept
// under <report dir>/stability/run-<i>.
// Exit codes: 0 every verdict was stable; 1 some verdict changed (or a run wrote no report); 2 usage.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commandLine, unknownValue, usageError } from '../lib/commandLine.ts';
import { reportDir } from '../lib/conformanceReport.ts';
import { profileNames, useAdapters } from '../lib/registry.ts';
import { runSuite } from '../lib/runSuite.ts';
import { runAdapters } from '../specs/registry.ts';

useAdapters(await runAdapters());

const USAGE = 'usage: npm run stability -- [--runs N] [--target FILE] [--api NAME]... [--grep TEXT] [--workers N]';

function usage(message: string): never {
  return usageError('stability', message, USAGE);
}

const { values: args } = commandLine('stability', USAGE, {
  options: {
    runs: { type: 'string', default: '20' },
    target: { type: 'string' },
    api: { type: 'string', multiple: true },
    grep: { type: 'string' },
    workers: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: false,
});
const runs = Number(args.runs);
if (!Number.isInteger(runs) || runs < 2) usage('--runs must be a whole number of at least 2');
const unknownApi = unknownValue('api', args.api, profileNames());
if (unknownApi) usage(unknownApi);

/** One verdict per run, for one test or one requirement. */
type Verdicts = Map<string, string[]>;

const XML_ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'", '&amp;': '&' };
const unescapeXml = (text: string) => text.replace(/&(lt|gt|quot|apos|amp);/g, (e) => XML_ENTITIES[e]);

/** Each test case of a Playwright JUnit file (project › file › title) with its outcome. */
function testOutcomes(junit: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const suite of junit.split('<testsuite ').slice(1)) {
    const project = /hostname="([^"]*)"/.exec(suite)?.[1] ?? '';
    for (const m of suite.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
      const body = m[4] ?? '';
      const outcome = /<(failure|error)\b/.test(body) ? 'failed' : /<skipped\b/.test(body) ? 'skipped' : 'passed';
      let key = `[${project}] ${unescapeXml(m[2])} › ${unescapeXml(m[1])}`;
      // Generated cases may share a title: number the repeats.
      for (let n = 2; out.has(key); n++) key = `${key.replace(/ #\d+$/, '')} #${n}`;
      out.set(key, outcome);
    }
  }
  return out;
}

function record(into: Verdicts, run: number, verdicts: Map<string, string>): void {
  for (const [key, verdict] of verdicts) {
    const list = into.get(key) ?? [];
    list[run] = verdict;
    into.set(key, list);
  }
}

/** `passed ×19, failed ×1 (run 7)`: each verdict with its count, and the runs of the rarer ones. */
function describe(verdicts: string[], total: number): string {
  const all = Array.from({ length: total }, (_, i) => verdicts[i] ?? 'absent');
  const counts = new Map<string, number[]>();
  all.forEach((v, i) => counts.set(v, [...(counts.get(v) ?? []), i + 1]));
  const ranked = [...counts].sort((a, b) => b[1].length - a[1].length);
  return ranked.map(([v, at], i) => `${v} ×${at.length}${i > 0 ? ` (run ${at.join(', ')})` : ''}`).join(', ');
}

const base = join(reportDir(), 'stability');
rmSync(base, { recursive: true, force: true });
const env: NodeJS.ProcessEnv = {};
if (args.target) env.CONFORMANCE_TARGET = resolve(args.target);
if (args.workers) env.CONFORMANCE_WORKERS = args.workers;
const tests: Verdicts = new Map();
const requirements: Verdicts = new Map();
const reasons = new Map<string, string>();

for (let i = 0; i < runs; i++) {
  const dir = join(base, `run-${i + 1}`);
  const run = await runSuite({ reportDir: dir, env, apis: args.api, grep: args.grep });
  const junit = join(dir, 'junit.xml');
  record(tests, i, existsSync(junit) ? testOutcomes(readFileSync(junit, 'utf8')) : new Map());
  const statuses = new Map<string, string>();
  for (const r of run.report?.requirements ?? []) {
    statuses.set(r.id, r.status);
    if (r.reason && r.status !== 'passed') reasons.set(`${r.id} ${r.status}`, `run ${i + 1}: ${r.reason.split('\n').slice(0, 2).join(' / ').slice(0, 300)}`);
  }
  record(requirements, i, statuses);
  const t = run.report?.totals;
  console.log(
    `run ${i + 1}/${runs}: exit ${run.exitCode} in ${Math.round(run.elapsedMs / 1000)} s` +
      (t
        ? ` — ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped, ${t.unobservable} unobservable, ${t.untested} untested`
        : ' — no report was written'),
  );
}

const unstable = (verdicts: Verdicts) => [...verdicts].filter(([, list]) => new Set(Array.from({ length: runs }, (_, i) => list[i] ?? 'absent')).size > 1);
const changedTests = unstable(tests);
const changedRequirements = unstable(requirements);
if (!changedTests.length && !changedRequirements.length) {
  console.log(`stable: each of ${tests.size} tests and ${requirements.size} requirements had the same verdict in all ${runs} runs (reports under ${base})`);
  process.exit(0);
}
console.log(`\nverdicts that changed between runs (reports under ${base}):`);
for (const [key, list] of changedTests) console.log(`  test ${key}: ${describe(list, runs)}`);
for (const [id, list] of changedRequirements) {
  console.log(`  requirement ${id}: ${describe(list, runs)}`);
  for (const status of new Set(list)) {
    const reason = reasons.get(`${id} ${status}`);
    if (reason) console.log(`    ${status}, e.g. ${reason}`);
  }
}
process.exit(1);
