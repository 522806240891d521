// npm test's runner of the test files, three at a time, the long ones first: `node --test` sorts the
// files it is given by name, which started the kill check (tests/verdictChecks.test.ts, the longest)
// near the end, where it ran alone for minutes; run() keeps the order given. The order is by the
// figures measured for each file alone (CPU-seconds; wall for the files that mostly wait), so that
// short files fill both cores at the end. busyRunner comes last: its two CPU hogs then slow the
// fewest other files, and never the start of the kill check or hostile's bounded runs. A named
// file that is gone is left out; every file not named runs between these and busyRunner.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const FIRST = [
  'verdictChecks',
  'hostile',
  'shards',
  'cli',
  'openapiRun',
  'conformanceRun',
  'installedPackage',
  'lia',
  'secretLeaks',
  'deployment',
  'toyApi',
  'target',
  'conformanceReportBrowser',
].map((name) => `${name}.test.ts`);
const LAST = ['busyRunner.test.ts'];
const rest = readdirSync(here)
  .filter((f) => f.endsWith('.test.ts') && !FIRST.includes(f) && !LAST.includes(f))
  .sort();
const files = [...FIRST, ...rest, ...LAST].filter((f) => existsSync(join(here, f))).map((f) => join(here, f));

// Each file runs in a child started with this process's flags: tsx's loader among them.
// Three files run at once on the runner's cores: the suites they start keep two workers each (the
// product's default of one per core is for a machine given to one run), with the spare and the
// waiting ones a run of every API adds (lib/workerShare.ts).
process.env.CONFORMANCE_WORKERS ??= '2';
// The files' temporary folders (their runs' reports and target files) go in one, removed when every
// test passed and kept, named, when one failed. Playwright's cache of compiled files stays where it was.
process.env.PLAYWRIGHT_TRANSFORM_CACHE_DIR ??= join(tmpdir(), `playwright-transform-cache-${process.geteuid?.() ?? ''}`);
const scratch = mkdtempSync(join(tmpdir(), 'npm-test-'));
process.env.TMPDIR = scratch;
process.once('exit', (code) => {
  if (code === 0) rmSync(scratch, { recursive: true, force: true });
  else console.error(`the tests' temporary files are kept in ${scratch}`);
});
const stream = run({ files, concurrency: 3 });
stream.on('test:fail', (event: { todo?: string | boolean }) => {
  if (!event.todo) process.exitCode = 1;
});
// As `node --test` reports: readable on a terminal, TAP otherwise (CI reads its closing counts).
(process.stdout.isTTY ? stream.compose(new spec()) : stream.compose(tap)).pipe(process.stdout);
