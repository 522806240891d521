// The command line a vendor and a CI job use: listing the requirements, selecting by level, and the
// gate over expected failures (a failure the target expects passes the gate; a new one fails it; an
// expected failure that now passes is reported so the list shrinks); a run cancelled midway still
// writes its reports and never passes.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConformanceReport } from '../lib/conformanceReport.ts';
import { allRequirements, catalogOf } from '../lib/registry.ts';
import { PROJECT_ROOT } from '../lib/runSuite.ts';
import { startEmbeddedReference as startReference } from '../lib/embeddedReference.ts';
import { cliIn } from './support/cliRuns.ts';

const root = mkdtempSync(join(tmpdir(), 'cli-test-'));
const cli = cliIn(root);

test('--list prints every requirement with its level, seed file and quote, and runs nothing', async () => {
  const run = await cli('list', '--list');
  assert.equal(run.exitCode, 0, run.output);
  for (const r of allRequirements()) {
    assert.ok(run.output.includes(`${r.id} [${r.level}] ${r.seed}\n  «${r.quote}»`), `${r.id} is listed with its level and quote`);
  }
  assert.match(run.output, new RegExp(`^${allRequirements().length} requirements \\(`, 'm'));
  assert.doesNotMatch(run.output, /Running \d+ test/);
  assert.equal(run.report, undefined, 'no run, no report');

  const narrowed = await cli('list-lia', '--list', '--api', 'lia', '--level', 'should');
  const listed = [...narrowed.output.matchAll(/^(\S+) \[(MUST|SHOULD)\]/gm)].map((m) => m[1]);
  const wanted = [...catalogOf('lia').values()].filter((r) => r.level === 'SHOULD').map((r) => r.id);
  assert.deepEqual(listed, wanted);
});

test('--help documents the exit codes; bad arguments and unknown expectedFailures ids are configuration errors (2)', async () => {
  const help = await cli('help', '--help');
  assert.equal(help.exitCode, 0);
  for (const code of [
    '0 no MUST requirement failed',
    '1 a MUST requirement failed that was not expected',
    '2 usage or configuration error',
    '3 a target could not be reached',
  ]) {
    assert.ok(help.output.includes(code), `--help says "${code}"`);
  }
  assert.equal((await cli('bad-level', '--level', 'may')).exitCode, 2);
  for (const [args, said] of [
    [['--shard', '3/2'], /--shard takes i\/n with 1 <= i <= n \(e\.g\. 1\/2\), not "3\/2"/],
    [['merge', '--api', 'lia'], /merge takes folders and --gate only, not --api/],
    [['frobnicate'], /unexpected argument frobnicate \(the only command is merge\)/],
    [['merge', join(root, 'no-shards-here')], /no-shards-here is not a folder of shard results/],
    // A typo in --grep: no test runs, which is not a pass.
    [['--api', 'lia', '--grep', 'no-such-test'], /--grep no-such-test selects no test of lia \(it is matched against each test's title and tags/],
  ] as const) {
    const run = await cli('bad-args', ...args);
    assert.equal(run.exitCode, 2, `${args.join(' ')}: ${run.output}`);
    assert.match(run.output, said);
  }
  const file = join(root, 'unknown-id.json');
  writeFileSync(
    file,
    JSON.stringify({ apis: { lia: { baseUrl: 'http://127.0.0.1:9', key: 'some-lia-key' } }, expectedFailures: [{ id: 'lia.no-such-key', reason: 'typo' }] }),
  );
  const run = await cli('unknown-id', '--target', file);
  assert.equal(run.exitCode, 2, run.output);
  assert.match(run.output, /expectedFailures: unknown requirement id "lia\.no-such-key"/);
  assert.doesNotMatch(run.output, /Running \d+ test/);
});

/** One of bin/'s commands, run to its end (none below gets as far as starting a run). */
const command = (file: string, ...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', `bin/${file}`, ...args], { encoding: 'utf8' });

/** A usage error: exit 2, what is wrong, then the usage; never a stack trace. */
function assertUsageError(run: ReturnType<typeof command>, message: RegExp) {
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, message);
  assert.match(run.stderr, /\nusage: npm run /);
  assert.doesNotMatch(run.stderr, /\n\s+at /);
}

test('npm run reference: --help prints the usage; an unknown option, or a --webhook the harness would refuse, is a usage error (2) with the usage, not a stack trace', () => {
  const help = command('reference.ts', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: npm run reference -- \[--webhook HOST:PORT\]/);
  assertUsageError(command('reference.ts', '--nope'), /^reference: Unknown option '--nope'\n/);
  assertUsageError(
    command('reference.ts', '--webhook', '127.0.0.1:0'),
    /^reference: the target file it would write is not valid:\n {2}- apis\.jaicp-chat\.webhook\.listen: .*port \(1-65535\)/,
  );
});

test('npm run mutation: --help prints the usage; an unknown option, API or job count is a usage error (2), before any run', () => {
  const help = command('mutation.ts', '--help');
  assert.equal(help.status, 0);
  assert.match(help.stdout, /^usage: npm run mutation -- \[--api NAME\]/);
  assertUsageError(command('mutation.ts', '--nope'), /^mutation: Unknown option '--nope'\n/);
  assertUsageError(command('mutation.ts', '--api', 'nope'), /^mutation: unknown --api nope; one of .*lia/);
  assertUsageError(command('mutation.ts', '--jobs', 'many'), /^mutation: --jobs must be a whole number of at least 1\n/);
});

test("--verbose gives Playwright's line per test instead of the progress by requirement", async () => {
  const run = await cli('verbose', '--api', 'lia', '--grep', 'channel key', '--verbose');
  assert.equal(run.exitCode, 0, run.output.slice(-3000));
  assert.match(run.output, /✓ .*auth\.spec\.ts.* › \[lia\] › .* › the channel key authorises/);
  assert.doesNotMatch(run.output, /requirements checked/);
});

test('--level keeps the tests that check a requirement at that level, per API; it combines with --grep', async () => {
  const run = await cli('should', '--api', 'edna-threads', '--level', 'should');
  assert.equal(run.exitCode, 0, run.output.slice(-3000));
  const edna = run.report!.requirements.filter((r) => r.api === 'edna-threads');
  for (const r of edna.filter((x) => x.level === 'SHOULD')) assert.notEqual(r.status, 'untested', `${r.id} was checked`);
  assert.ok(
    edna.some((r) => r.level === 'MUST' && r.status === 'untested'),
    'MUST-only tests were left out',
  );
  assert.ok(run.report!.requirements.filter((r) => r.api !== 'edna-threads').every((r) => r.status === 'untested'));

  const both = await cli('must-sync', '--api', 'jaicp-chat', '--level', 'must', '--grep', 'synchronous client requests');
  assert.equal(both.exitCode, 0, both.output.slice(-3000));
  const judged = both.report!.requirements.filter((r) => r.status !== 'untested');
  assert.ok(judged.some((r) => r.id === 'jaicp-chat.sync.returns-cid'));
  assert.deepEqual(
    judged.filter((r) => !r.id.startsWith('jaicp-chat.sync.')),
    [],
    'only the synchronous tests ran',
  );
});

// A new failure failing the gate: the --gate test below, tests/shards.test.ts and tests/conformanceReport.test.ts.
test('expected failures: only expected ones failing passes the gate, and a fixed one is reported', async () => {
  const reference = await startReference({ faults: 'sync-no-cid', env: {} });
  try {
    const failing = 'jaicp-chat.sync.returns-cid';
    const file = join(root, 'known-bug.json');
    // One that still fails, and one fixed since.
    const expectedFailures = [
      { id: failing, reason: 'ACME-12: cid is dropped' },
      { id: 'jaicp-chat.sync.text-query', reason: 'fixed since' },
    ];
    writeFileSync(file, JSON.stringify({ name: 'known-bug', apis: { 'jaicp-chat': reference.target.apis['jaicp-chat'] }, expectedFailures }));
    const known = await cli('known-bug', '--target', file, '--api', 'jaicp-chat', '--grep', 'the answer includes the cid|a text query is answered');
    assert.equal(known.exitCode, 0, known.output.slice(-3000));
    const report = known.report!;
    const entry = report.requirements.find((r) => r.id === failing)!;
    assert.equal(entry.status, 'failed', 'the status stays what it was');
    assert.deepEqual(entry.expected, { reason: 'ACME-12: cid is dropped' });
    assert.deepEqual(report.totals.gate, {
      level: 'MUST',
      passed: true,
      newFailures: [],
      expectedFailures: [failing],
      fixed: ['jaicp-chat.sync.text-query'],
      brokenTests: [],
    });
    assert.match(known.output, /conformance: passed; 1 expected failure\(s\) still fail/);
    assert.match(known.output, /expected to fail but passed, remove from expectedFailures: jaicp-chat\.sync\.text-query/);
  } finally {
    await reference.close();
  }
});

test("--gate should (or the target file's gate) fails the run on a SHOULD failure too; the default gates MUST only", async () => {
  const reference = await startReference({ faults: 'edna-strict-mode-not-enforced', env: {} });
  try {
    const failing = 'edna-threads.answer-id.strict-mode';
    const run = async (name: string, gate: string | undefined, ...args: string[]) => {
      const file = join(root, `${name}.json`);
      writeFileSync(file, JSON.stringify({ name, apis: { 'edna-threads': reference.target.apis['edna-threads'] }, ...(gate ? { gate } : {}) }));
      return cli(name, '--target', file, '--api', 'edna-threads', '--grep', 'second answer', ...args);
    };
    const strict = await run('gate-should', 'should');
    assert.equal(strict.exitCode, 1, strict.output.slice(-3000));
    assert.deepEqual(strict.report!.totals.gate.newFailures, [failing]);
    assert.match(strict.output, /conformance: FAILED \(1 new MUST or SHOULD failure\(s\): edna-threads\.answer-id\.strict-mode\)/);
    // --gate wins over the file, and the MUST gate passes a SHOULD failure.
    const lenient = await run('gate-must', 'should', '--gate', 'must');
    assert.equal(lenient.exitCode, 0, lenient.output.slice(-3000));
    assert.equal(lenient.report!.requirements.find((r) => r.id === failing)!.status, 'failed');
    assert.equal(lenient.report!.totals.gate.level, 'MUST');
    assert.equal((await cli('gate-bad', '--gate', 'may')).exitCode, 2);
  } finally {
    await reference.close();
  }
});

test('a run cancelled midway (SIGTERM to the CLI alone, as CI cancels a job) stops its tests, writes its reports, fails its gate and exits 143', async () => {
  const reports = join(root, 'cancelled');
  // A quick test, then a loop of slow answers (150-400 ms each) that is surely midway when the signal comes.
  const cliProcess = spawn(process.execPath, [...process.execArgv, 'bin/conformance.ts', '--api', 'lia', '--grep', 'channel key|for generated events'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CONFORMANCE_REPORT_DIR: reports, REFERENCE_VARIANTS: 'slow-answers', CONFORMANCE_WORKERS: '1' },
  });
  let output = '';
  const ended = new Promise<number | null>((resolve) => cliProcess.on('close', resolve));
  await new Promise<void>((resolve) => {
    const take = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // A requirement checked: the tests are running.
      if (/\[[1-9]\d*\/\d+\] requirements checked/.test(output)) resolve();
    };
    cliProcess.stdout.on('data', take);
    cliProcess.stderr.on('data', take);
    void ended.then(() => resolve());
  });
  cliProcess.kill('SIGTERM');
  assert.equal(await ended, 143, output.slice(-3000));
  assert.match(output, /conformance: SIGTERM: stopping the tests and writing the reports/);
  assert.match(output, /! the run was interrupted \(Ctrl-C, SIGINT or SIGTERM\): what it did not reach is untested/);
  assert.match(output, /conformance: interrupted \(SIGTERM\): the reports hold what ran/);
  const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport;
  assert.equal(report.stoppedEarly, 'the run was interrupted (Ctrl-C, SIGINT or SIGTERM)');
  assert.equal(report.totals.gate.passed, false, 'an interrupted run is no pass');
  const notRun = report.requirements.filter((r) => r.status === 'untested');
  assert.ok(notRun.length > 0 && report.totals.untested < report.totals.total, `some requirements ran, some not (${JSON.stringify(report.totals)})`);
  for (const r of notRun) assert.equal(r.reason, 'not run: the run was interrupted (Ctrl-C, SIGINT or SIGTERM) before a test of it ran', r.id);
  assert.ok(existsSync(join(reports, 'conformance-junit.xml')) && existsSync(join(reports, 'html', 'index.html')), 'every report was written');
  assert.ok(
    readFileSync(join(reports, 'conformance.html'), 'utf8').includes('the run was interrupted (Ctrl-C, SIGINT or SIGTERM): what it did not reach is untested'),
    'the page says so at its top',
  );
});
