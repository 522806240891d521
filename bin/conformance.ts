// npm run conformance -- [--target FILE] [--api NAME]... [--level must|should] [--grep TEXT] [--list]
// Runs the suite against a target file, or against the embedded reference when none is given, and
// turns its report into a CI gate: failures the target lists in expectedFailures do not fail it.
// Exit codes: 0 no MUST requirement failed that was not expected; 1 a MUST requirement failed that
// was not expected (or a test broke outside every check); 2 a usage or configuration error (bad
// arguments, bad target file, unknown expectedFailures id), before any test ran; 3 a target
// section's host could not be reached (its requirements are reported untested).
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { reportDir } from '../lib/conformanceReport.ts';
import { catalogOf, profileNames, useAdapters } from '../lib/registry.ts';
import type { ApiName, Level, Requirement } from '../lib/requirements.ts';
import { escapeRegExp, runSuite } from '../lib/runSuite.ts';
import { loadTargetFile, TargetError, type Target } from '../lib/target.ts';
import { runAdapters } from '../specs/registry.ts';

const EXIT = { passed: 0, mustFailed: 1, configuration: 2, unreachable: 3 } as const;

// The target file's openapi sections are APIs of their own, which the registry reads from CONFORMANCE_TARGET.
const early = parseArgs({ options: { target: { type: 'string' } }, strict: false, allowPositionals: true }).values.target;
const targetPath = typeof early === 'string' ? resolve(early) : process.env.CONFORMANCE_TARGET && resolve(process.env.CONFORMANCE_TARGET);
try {
  useAdapters(await runAdapters({ ...process.env, CONFORMANCE_TARGET: targetPath }));
} catch (err) {
  if (!(err instanceof TargetError)) throw err;
  console.error(`conformance: ${err.message}`);
  process.exit(EXIT.configuration);
}
const API_NAMES = profileNames();

const USAGE = `usage: npm run conformance -- [--target FILE] [--api NAME]... [--level must|should] [--grep TEXT] [--list]
  --target FILE   a target file (see README); without it the embedded reference is tested
  --api NAME      only this API (${API_NAMES.join(', ')}); may repeat
  --level LEVEL   only tests that check a requirement at this level: must or should
  --grep TEXT     only tests whose title or tags match this regular expression (e.g. a requirement key: events.max-250)
  --list          print the selected requirements with their level, seed file and quote, and run nothing
exit codes: 0 no MUST requirement failed that the target did not list in expectedFailures,
  1 a MUST requirement failed that was not expected (or a test broke), 2 usage or configuration error,
  3 a target could not be reached`;

function fail(message: string): never {
  console.error(`conformance: ${message}`);
  process.exit(EXIT.configuration);
}

/**
 * A Playwright --grep keeping the tests tagged with a requirement at this level. Per project, since
 * one spec serves both Chat API profiles and a key's level may differ between them. Playwright
 * matches it against " <project> <file> <titles> <tags>".
 */
function levelGrep(level: Level, apis: readonly ApiName[]): string | undefined {
  const alternatives = apis.flatMap((api) => {
    const tags = [...catalogOf(api).values()].filter((r) => r.level === level).map((r) => escapeRegExp(`@${r.key}`));
    return tags.length ? [`${escapeRegExp(api)} .*(?:${tags.join('|')})(?: |$)`] : [];
  });
  return alternatives.length ? `^ ?(?:${alternatives.join('|')})` : undefined;
}

function printList(requirements: Requirement[]): void {
  for (const r of requirements) console.log(`${r.id} [${r.level}] ${r.seed}\n  «${r.quote}»`);
  const must = requirements.filter((r) => r.level === 'MUST').length;
  console.log(`${requirements.length} requirements (${must} MUST, ${requirements.length - must} SHOULD)`);
}

let args;
try {
  args = parseArgs({
    options: {
      target: { type: 'string' },
      api: { type: 'string', multiple: true },
      level: { type: 'string' },
      grep: { type: 'string' },
      list: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  }).values;
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
if (args.help) {
  console.log(USAGE);
  process.exit(EXIT.passed);
}

for (const api of args.api ?? []) {
  if (!API_NAMES.includes(api)) fail(`unknown --api ${api}; one of ${API_NAMES.join(', ')}`);
}
const apis = (args.api ?? [...API_NAMES]) as ApiName[];
const level = args.level?.toUpperCase() as Level | undefined;
if (level && level !== 'MUST' && level !== 'SHOULD') fail(`unknown --level ${args.level}; one of must, should`);
let grep: RegExp | undefined;
try {
  grep = args.grep === undefined ? undefined : new RegExp(args.grep, 'i');
} catch (err) {
  fail(`--grep is not a regular expression: ${(err as Error).message}`);
}

const env: NodeJS.ProcessEnv = {};
const targetFile = args.target ?? process.env.CONFORMANCE_TARGET;
let target: Target | undefined;
if (targetFile) {
  const path = resolve(targetFile);
  try {
    target = loadTargetFile(path);
  } catch (err) {
    if (err instanceof TargetError) fail(err.message);
    throw err;
  }
  env.CONFORMANCE_TARGET = path;
}

if (args.list) {
  const text = (r: Requirement) => `${r.id} ${r.level} ${r.quote} ${r.checks}`;
  printList(apis.flatMap((api) => [...catalogOf(api).values()]).filter((r) => (!level || r.level === level) && (!grep || grep.test(text(r)))));
  process.exit(EXIT.passed);
}

let playwrightGrep = args.grep;
if (level) {
  const byLevel = levelGrep(level, apis);
  if (!byLevel) fail(`no ${level} requirement in ${apis.join(', ')}`);
  playwrightGrep = args.grep === undefined ? byLevel : `^(?=.*(?:${args.grep}))${byLevel.slice(1)}`;
}

const selection = [level && `${level} requirements only`, args.grep && `tests matching ${args.grep}`].filter(Boolean).join(', ');
console.log(`conformance: testing ${target ? `"${target.name}" (${targetFile})` : 'the embedded reference'}: ${apis.join(', ')}${selection ? `; ${selection}` : ''}`);
const run = await runSuite({ reportDir: reportDir(), env, projects: args.api, grep: playwrightGrep, echo: true });
if (!run.report) {
  console.error('conformance: the run ended without a report (see the output above)');
  process.exit(run.exitCode === 0 ? EXIT.mustFailed : run.exitCode);
}
const { gate } = run.report.totals;
const expectedNote = gate.expectedFailures.length ? `; ${gate.expectedFailures.length} expected failure(s) still fail` : '';
if (gate.fixed.length) console.log(`conformance: expected to fail but passed, remove from expectedFailures: ${gate.fixed.join(', ')}`);
// Expected MUST failures fail their tests, so Playwright's own exit code only counts when none are expected.
if (!gate.passed || (run.exitCode !== 0 && gate.expectedFailures.length === 0)) {
  const why = [
    gate.newFailures.length && `${gate.newFailures.length} new MUST failure(s): ${gate.newFailures.join(', ')}`,
    gate.brokenTests.length && `${gate.brokenTests.length} test(s) broke outside every MUST check`,
  ].filter(Boolean);
  console.log(`conformance: FAILED (${why.join('; ') || `Playwright exited with ${run.exitCode}`}${expectedNote})`);
  process.exit(EXIT.mustFailed);
}
if (Object.keys(run.report.unreachable).length > 0) {
  console.log(`conformance: unreachable: ${Object.keys(run.report.unreachable).join(', ')}`);
  process.exit(EXIT.unreachable);
}
console.log(`conformance: passed${expectedNote}`);
process.exit(EXIT.passed);
