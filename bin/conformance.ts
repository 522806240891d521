// chatbot-api-conformance (installed) or npm run conformance -- (in this repository):
//   [--target FILE] [--api NAME]... [--level must|should] [--grep TEXT] [--budget DURATION] [--shard I/N] [--verbose] [--list]
//   merge [DIR...]
// Runs the suite against a target file, or against the embedded reference when none is given, and
// turns its report into a CI gate: failures the target lists in expectedFailures do not fail it.
// `merge` builds one run's reports from its shards and gates them the same way.
// Exit codes: 0 no MUST requirement failed that was not expected; 1 a MUST requirement failed that
// was not expected (or a test broke outside every check); 2 a usage or configuration error (bad
// arguments, bad target file, unknown expectedFailures id, shards that are not one whole run, a
// --grep that selects no test), before any test ran; 3 a target section's host could not be reached (its requirements are
// reported untested); 130 or 143 the run was interrupted (SIGINT, SIGTERM), after writing its reports.
import { constants as osConstants } from 'node:os';
import { join, resolve } from 'node:path';
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { commandLine, unknownValue } from '../lib/commandLine.ts';
import { BUDGET_ENV, parseDuration } from '../lib/budget.ts';
import { GATE_ENV, reportDir, type ConformanceReport } from '../lib/conformanceReport.ts';
import { mergeShardReports } from '../lib/mergeReports.ts';
import { adapters, catalogOf, profileNames, useAdapters } from '../lib/registry.ts';
import { gateVerdict, summaryLines } from '../lib/reportFiles.ts';
import type { ApiName, Level, Requirement } from '../lib/requirements.ts';
import { escapeRegExp } from '../lib/escapeRegExp.ts';
import { grepPerApi } from '../lib/apiScope.ts';
import { runSuite } from '../lib/runSuite.ts';
import { parseShard, SHARD_ENV, ShardError, shardName, type Shard } from '../lib/shards.ts';
import { loadTargetFile, TargetError, webhookListens, type Target } from '../lib/target.ts';
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

const USAGE = `usage: chatbot-api-conformance [--target FILE] [--api NAME]... [--level must|should] [--gate must|should] [--grep TEXT] [--budget DURATION] [--shard I/N] [--verbose] [--list]
       chatbot-api-conformance merge [--gate must|should] [DIR...]
  (in this repository: npm run conformance -- ...)
  --target FILE   a target file (see README); without it the embedded reference is tested
  --api NAME      only this API (${API_NAMES.join(', ')}); may repeat
  --level LEVEL   only tests that check a requirement at this level: must or should
  --gate LEVEL    the lowest level whose failures fail the run: must (default) or should (else the target file's gate)
  --grep TEXT     only tests whose title or tags match this regular expression (e.g. a requirement key: events.max-250)
  --budget TIME   the longest the run may take (90s, 15m, 1h; else the target file's budget): loops of
                  generated cases send as many cases as fit and say how many; running out is never a failure
  --shard I/N     run the I-th of N parts of the selected tests (Playwright's sharding); its results go to
                  reports/shards/I-of-N/ and \`merge\` builds the whole report once every part ran
  --verbose       Playwright's line per test instead of progress by requirement
  --list          print the selected requirements with their level, seed file and quote (and, for an API
                  known from its OpenAPI document, which operations run and why), and run nothing
  merge [DIR...]  one run's reports (conformance.json, conformance.html, conformance-junit.xml, Playwright's
                  html/ and junit.xml) from the shards under each DIR (default reports/shards), gated as a run
reports go to reports/ in the working directory, or to $CONFORMANCE_REPORT_DIR
exit codes: 0 no MUST requirement failed that the target did not list in expectedFailures (with --gate should, no SHOULD either),
  1 a MUST requirement failed that was not expected (with --gate should, a SHOULD too), or a test broke, 2 usage or configuration error,
  3 a target could not be reached, 130/143 interrupted by SIGINT/SIGTERM (the reports hold what ran; a second signal stops at once)`;

function fail(message: string): never {
  console.error(`conformance: ${message}`);
  process.exit(EXIT.configuration);
}

/**
 * A Playwright --grep keeping the tests tagged with a requirement at this level. Per API, since
 * one spec serves both Chat API profiles and a key's level may differ between them. Playwright
 * matches it against "<project> <file> [<api>] <titles> <tags>" (lib/apiScope.ts).
 */
function levelGrep(level: Level, apis: readonly ApiName[]): string | undefined {
  const patterns = apis.flatMap((api) => {
    const tags = [...catalogOf(api).values()].filter((r) => r.level === level).map((r) => escapeRegExp(`@${r.key}`));
    return tags.length ? [[api, `(?:${tags.join('|')})(?: |$)`] as const] : [];
  });
  return grepPerApi(Object.fromEntries(patterns));
}

function printList(requirements: Requirement[]): void {
  for (const r of requirements) console.log(`${r.id} [${r.level}] ${r.seed}\n  «${r.quote}»`);
  const must = requirements.filter((r) => r.level === 'MUST').length;
  console.log(`${requirements.length} requirements (${must} MUST, ${requirements.length - must} SHOULD)`);
}

/**
 * Ends a finished run (or a merge of shards) with the gate's exit code. Expected MUST failures fail
 * their tests, so whether Playwright passed only counts when none are expected.
 */
function finish(report: ConformanceReport, label: string): never {
  const { gate } = report.totals;
  if (gate.fixed.length) console.log(`${label}: expected to fail but passed, remove from expectedFailures: ${gate.fixed.join(', ')}`);
  const { outcome, line } = gateVerdict(report, label);
  console.log(line);
  process.exit(EXIT[outcome]);
}

const { values: args, positionals } = commandLine('conformance', USAGE, {
  options: {
    target: { type: 'string' },
    api: { type: 'string', multiple: true },
    level: { type: 'string' },
    gate: { type: 'string' },
    grep: { type: 'string' },
    shard: { type: 'string' },
    budget: { type: 'string' },
    verbose: { type: 'boolean' },
    list: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
  allowPositionals: true,
});
// Reports land in the caller's folder, whatever folder the package itself lies in.
const reports = resolve(reportDir());
if (args.gate !== undefined) {
  if (!['must', 'should'].includes(args.gate.toLowerCase())) fail(`unknown --gate ${args.gate}; one of must, should`);
  // The runner's reporter and a merge in this process read it from here.
  process.env[GATE_ENV] = args.gate.toLowerCase();
}

if (positionals[0] === 'merge') {
  const given = Object.keys(args).filter((name) => name !== 'gate');
  if (given.length) fail(`merge takes folders and --gate only, not --${given.join(', --')}\n${USAGE}`);
  const dirs = positionals.length > 1 ? positionals.slice(1).map((d) => resolve(d)) : [join(reports, 'shards')];
  try {
    const merged = await mergeShardReports(dirs, reports);
    console.log(`conformance: merged ${merged.shards} shards from ${dirs.join(', ')}\n${summaryLines(merged.report, reports).join('\n')}`);
    finish(merged.report, 'conformance');
  } catch (err) {
    if (err instanceof ShardError) fail(err.message);
    throw err;
  }
}
if (positionals.length) fail(`unexpected argument ${positionals[0]} (the only command is merge)\n${USAGE}`);

const unknownApi = unknownValue('api', args.api, API_NAMES);
if (unknownApi) fail(unknownApi);
const level = args.level?.toUpperCase() as Level | undefined;
if (level && level !== 'MUST' && level !== 'SHOULD') fail(`unknown --level ${args.level}; one of must, should`);
let grep: RegExp | undefined;
try {
  grep = args.grep === undefined ? undefined : new RegExp(args.grep, 'i');
} catch (err) {
  fail(`--grep is not a regular expression: ${(err as Error).message}`);
}
let shard: Shard | undefined;
try {
  shard = args.shard === undefined ? undefined : parseShard(args.shard);
} catch (err) {
  fail((err as Error).message);
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

// The APIs asked for, else those the target file declares (a run collects only their tests), else every one.
const apis = (args.api ?? (target ? API_NAMES.filter((api) => target.apis[api]) : [...API_NAMES])) as ApiName[];

// A webhook.listen the sink cannot take (taken, not of this machine): said now, not after Playwright's start.
const listens =
  target && !args.list
    ? webhookListens([{ ...target, apis: Object.fromEntries(Object.entries(target.apis).filter(([api]) => apis.includes(api as ApiName))) }])
    : [];
if (listens.length) {
  const { probeListens } = await import('../lib/webhookSink.ts');
  await probeListens(listens).catch((err: Error) => fail(err.message));
}

if (args.list) {
  const text = (r: Requirement) => `${r.id} ${r.level} ${r.quote} ${r.checks}`;
  const listed = apis.flatMap((api) => [...catalogOf(api).values()]).filter((r) => (!level || r.level === level) && (!grep || grep.test(text(r))));
  printList(listed);
  // An API known from its OpenAPI document: which of its operations run, and why (or why not). Its
  // machinery loads here only: a run starts Playwright sooner without it.
  const { isOpenApiAdapter, operationLine, resourceLine } = await import('../lib/openapi/adapter.ts');
  for (const { openapi: api } of adapters()
    .filter(isOpenApiAdapter)
    .filter((a) => apis.includes(a.name))) {
    const shown = api.operations.filter((op) => (!level && !grep) || listed.some((r) => r.api === api.profile && r.key.startsWith(`${op.key}.`)));
    if (shown.length) console.log(`${api.profile}: operations of ${api.file}\n${shown.map((op) => `  ${operationLine(api, op)}`).join('\n')}`);
    const resources = api.resources.filter((r) => (!level && !grep) || listed.some((x) => x.api === api.profile && x.key.startsWith(`${r.name}.`)));
    if (resources.length)
      console.log(`${api.profile}: what its creates make (stateful checks)\n${resources.map((r) => `  ${resourceLine(api, r)}`).join('\n')}`);
  }
  // Written to a pipe, the list is still in flight: exiting at once would cut it (it passed 64 KB).
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  process.exit(EXIT.passed);
}

let playwrightGrep = args.grep;
if (level) {
  const byLevel = levelGrep(level, apis);
  if (!byLevel) fail(`no ${level} requirement in ${apis.join(', ')}`);
  playwrightGrep = args.grep === undefined ? byLevel : `^(?=.*(?:${args.grep}))${byLevel.slice(1)}`;
}
if (args.verbose) env.CONFORMANCE_VERBOSE = '1';
if (args.budget !== undefined) {
  if (parseDuration(args.budget) === undefined) fail(`--budget ${args.budget} is not a duration (90s, 15m, 1h)`);
  env[BUDGET_ENV] = args.budget;
}
let runReports = reports;
if (shard) {
  env[SHARD_ENV] = `${shard.current}/${shard.total}`;
  // A shard's folder holds this run's part only: a stale blob must never be merged.
  runReports = join(reports, 'shards', shardName(shard));
  rmSync(runReports, { recursive: true, force: true });
}

const selection = [level && `${level} requirements only`, args.grep && `tests matching ${args.grep}`, shard && `shard ${shard.current}/${shard.total}`]
  .filter(Boolean)
  .join(', ');
console.log(
  `conformance: testing ${target ? `"${target.name}" (${targetFile})` : 'the embedded reference'}: ${apis.join(', ')}${selection ? `; ${selection}` : ''}`,
);
const run = await runSuite({ reportDir: runReports, env, apis: args.api, grep: playwrightGrep, echo: true, forwardSignals: true });
if (run.interrupted) {
  console.log(
    `conformance: interrupted (${run.interrupted}): ${run.report ? `the reports hold what ran, in ${runReports}` : 'before the reports were written'}`,
  );
  process.exit(128 + osConstants.signals[run.interrupted]);
}
if (!run.report) {
  console.error('conformance: the run ended without a report (see the output above)');
  process.exit(run.exitCode === 0 ? EXIT.mustFailed : run.exitCode);
}
// A selection that runs no test is a mistake (a typo in --grep), not a pass: a shard may be empty, a whole run not.
if (!shard && args.grep !== undefined && run.report.collected === 0)
  fail(`--grep ${args.grep} selects no test of ${apis.join(', ')} (it is matched against each test's title and tags: --list shows the requirements)`);
finish(run.report, shard ? `conformance (shard ${shard.current}/${shard.total})` : 'conformance');
