// A run split with --shard and merged gives what one run gives: the same status per requirement,
// the same target name, expected failures and gate, the same exit code, and Playwright's own HTML
// and JUnit reports whole. Shards that are not one whole run are refused with a clear message.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedReference as startReference } from '../lib/embeddedReference.ts';
import { BLOB_FOLDER, blobFileName, mergeShards, readShards, SHARD_RECORD, type Shard, type ShardRecord } from '../lib/shards.ts';
import type { EdnaThreadsTarget } from '../specs/edna-threads/target.ts';
import { cliIn } from './support/cliRuns.ts';
import { reportTexts } from './support/reportText.ts';
import { statusesOf } from './support/statuses.ts';

const root = mkdtempSync(join(tmpdir(), 'shards-test-'));
const cli = cliIn(root);

test('two shards merged give the verdicts, the expected failures, the gate and the exit code of one run', async () => {
  const reference = await startReference({ faults: 'lia-user-id-word-chars,lia-key-not-checked', env: {} });
  try {
    const file = join(root, 'target.json');
    const expectedFailures = [{ id: 'lia.auth.key', reason: 'ACME-7: keys are not checked yet' }];
    writeFileSync(file, JSON.stringify({ name: 'acme-sharded', apis: { lia: reference.target.apis.lia }, expectedFailures }));
    const args = ['--target', file, '--api', 'lia', '--grep', 'user_id|channel key|facts'];

    const single = await cli('single', ...args);
    assert.equal(single.exitCode, 1, single.output.slice(-3000));
    const dir = join(root, 'sharded');
    const first = await cli('sharded', ...args, '--shard', '1/2');
    const early = await cli('sharded', 'merge');
    assert.equal(early.exitCode, 2, early.output);
    assert.match(early.output, /shard 2\/2 is missing \(found 1-of-2\)/);
    const second = await cli('sharded', ...args, '--shard', '2/2');
    const merged = await cli('sharded', 'merge');

    const shardTests = [first, second].map((_, i) =>
      JSON.parse(readFileSync(join(dir, 'shards', `${i + 1}-of-2`, SHARD_RECORD), 'utf8')).tests.map((t: { id: string }) => t.id),
    );
    assert.ok(
      shardTests.every((ids) => ids.length > 0),
      'each shard ran a part of the tests',
    );
    assert.deepEqual(
      shardTests[0].filter((id: string) => shardTests[1].includes(id)),
      [],
      'and no test twice',
    );

    assert.equal(merged.exitCode, single.exitCode, merged.output.slice(-3000));
    const [one, whole] = [single.report!, merged.report!];
    assert.equal(whole.target, 'acme-sharded');
    assert.deepEqual(statusesOf(whole.requirements), statusesOf(one.requirements));
    assert.ok(whole.requirements.some((r) => r.status === 'failed') && whole.requirements.some((r) => r.status === 'passed'));
    assert.deepEqual(whole.totals.gate, one.totals.gate);
    assert.deepEqual(whole.totals.gate.expectedFailures, ['lia.auth.key']);
    assert.match(merged.output, /conformance: FAILED \(1 new MUST failure\(s\): lia\.incoming\.user-id-charset; 1 expected failure\(s\) still fail\)/);

    // Playwright's reports cover both shards, and the page's links find their tests in the merged HTML report.
    const junitCases = (d: string) => readFileSync(join(d, 'junit.xml'), 'utf8').match(/<testcase /g)?.length;
    assert.equal(junitCases(dir), junitCases(join(root, 'single')));
    // A test that failed a MUST check is failed in the merged report too (its worker kept, lib/failedChecks.ts).
    const junitFailed = (d: string) =>
      /<testsuites [^>]*failures="(\d+)"[^>]*errors="(\d+)"/
        .exec(readFileSync(join(d, 'junit.xml'), 'utf8'))!
        .slice(1)
        .map(Number);
    assert.deepEqual(junitFailed(dir), junitFailed(join(root, 'single')));
    assert.ok(
      junitFailed(dir).some((n) => n > 0),
      "Playwright's JUnit has the failing test",
    );
    const html = reportTexts(join(dir, 'html'))
      .map((t) => t.text)
      .join('\n');
    for (const id of whole.requirements.flatMap((r) => r.testIds)) assert.ok(html.includes(id), `test ${id} is in the merged Playwright report`);
    assert.match(
      readFileSync(join(dir, 'conformance-junit.xml'), 'utf8'),
      /<testcase classname="lia" name="lia\.incoming\.user-id-charset"><failure type="MUST failure"/,
    );
  } finally {
    await reference.close();
  }
});

test("the hundredth run: one deployment, run after run and in shards, gives the first run's verdicts and leaves nothing in the way", async () => {
  // As the README's users meet it: `npm run reference` left running, its target file used again and again.
  const reference = await startReference({ manyRuns: true, env: {} });
  try {
    const file = join(root, 'long-lived.json');
    writeFileSync(file, JSON.stringify({ name: 'staging', apis: { 'edna-threads': reference.target.apis['edna-threads'] } }));
    // The tests that spend the deployment's questions, and two that send answers of their own (answerIds the next run must not meet): what a run leaves behind.
    const args = ['--target', file, '--api', 'edna-threads', '--grep', 'by questionId|by sessionId|second answer|EMAIL|repeated answerId|quick-reply example'];
    const first = await cli('first', ...args);
    assert.equal(first.exitCode, 0, first.output.slice(-3000));
    // The second and third runs: the two shards of the same selection.
    const shards = [];
    for (const shard of ['1/2', '2/2']) shards.push(await cli('again-sharded', ...args, '--shard', shard));
    for (const shard of shards) assert.equal(shard.exitCode, 0, shard.output.slice(-3000));
    const merged = await cli('again-sharded', 'merge');
    assert.equal(merged.exitCode, 0, merged.output.slice(-3000));
    assert.deepEqual(statusesOf(merged.report!.requirements), statusesOf(first.report!.requirements), "the shards merged give the first run's verdicts");
    assert.equal(statusesOf(first.report!.requirements)['edna-threads.address.question-id'], 'passed');
    const spent = shards.flatMap((shard) => [...shard.output.matchAll(/\bquestionIds: (\d+) spent, of \d+ declared \(declared fresh for this run\)/g)]);
    assert.ok(spent.length > 0, 'a shard spent questions');
    assert.equal(
      spent.reduce((sum, m) => sum + Number(m[1]), 0),
      2,
      'each run minted its own questions: the shards spent as many as the first run, none found used',
    );

    // Without the command, the declared questions are spent run by run: another is taken, then the checks are skipped, never failed.
    const { fixturesCommand: _mints, ...declared } = reference.target.apis['edna-threads'] as unknown as EdnaThreadsTarget & { fixturesCommand: string };
    const { questionIds = [], sessions = [] } = declared.fixtures;
    const oneRunsWorth = { ...declared.fixtures, questionIds: questionIds.slice(-2), sessions: sessions.slice(-2) };
    writeFileSync(file, JSON.stringify({ name: 'staging', apis: { 'edna-threads': { ...declared, fixtures: oneRunsWorth } } }));
    const spending = ['--target', file, '--api', 'edna-threads', '--grep', 'by questionId|by sessionId|second answer'];
    const once = await cli('declared-1', ...spending);
    const twice = await cli('declared-2', ...spending);
    assert.equal(once.exitCode, 0, once.output.slice(-3000));
    assert.equal(twice.exitCode, 0, twice.output.slice(-3000));
    assert.equal(statusesOf(once.report!.requirements)['edna-threads.address.question-id'], 'passed');
    const usedUp = twice.report!.requirements.find((r) => r.id === 'edna-threads.address.question-id')!;
    assert.equal(usedUp.status, 'skipped');
    assert.match(usedUp.reason ?? '', /the declared questions are used up: declare fresh ones or reset them \(fixtures\.questionIds: 1 tried .*409/);
    assert.match(twice.output, /questionIds: 0 spent, 2 found already used, of 2 declared \(2 a run: about 0 runs left\)/);
  } finally {
    await reference.close();
  }
});

/** A shard's record and blob as a run leaves them, for a record of this shard and target. */
function fakeShard(dir: string, shard: Shard, target = 'acme'): void {
  const folder = join(dir, `${shard.current}-of-${shard.total}`);
  mkdirSync(join(folder, BLOB_FOLDER), { recursive: true });
  writeFileSync(join(folder, BLOB_FOLDER, blobFileName(shard)), '');
  const record = { shard, target: { name: target, apis: {}, expectedFailures: [] }, profiles: [], tests: [], untestedBecause: {} };
  writeFileSync(join(folder, SHARD_RECORD), JSON.stringify(record));
}

test('shards that are not one whole run are refused, saying what is wrong', () => {
  const at = (name: string, ...shards: [number, number, string?][]) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    for (const [current, total, target] of shards) fakeShard(dir, { current, total }, target);
    return dir;
  };
  assert.throws(() => readShards([join(root, 'absent')]), /is not a folder of shard results/);
  assert.throws(() => readShards([at('empty')]), /no shard results under .*empty \(a run with --shard i\/n writes them\)/);
  assert.throws(() => readShards([at('stale', [1, 2], [2, 2], [1, 3])]), /shards of different splits \(of 2, of 3\).*remove the stale ones/);
  assert.throws(() => readShards([at('targets', [1, 2, 'a'], [2, 2, 'b'])]), /shards of different targets \(a, b\)/);
  const twice = at('twice', [1, 2], [2, 2]);
  assert.throws(() => readShards([twice, at('copy', [2, 2])]), /shard 2\/2 was found twice/);
  assert.deepEqual(
    readShards([at('machine-1', [1, 2]), at('machine-2', [2, 2])]).map((s) => s.shard.current),
    [1, 2],
    'folders copied from several machines',
  );
  writeFileSync(join(at('broken', [1, 1]), '1-of-1', SHARD_RECORD), '{"shard":');
  assert.throws(() => readShards([join(root, 'broken')]), /conformance-shard\.json is not a shard record/);
});

test("a shard that was interrupted leaves the merged run interrupted: what no shard reached is not run, not filtered out; the shards' webhook tallies add up", () => {
  const record = (current: number, stoppedEarly?: string): ShardRecord => ({
    shard: { current, total: 2 },
    target: { name: 'acme', apis: {}, expectedFailures: [] },
    profiles: ['lia'],
    tests: [],
    untestedBecause: {},
    ...(stoppedEarly ? { stoppedEarly } : {}),
  });
  assert.equal(
    mergeShards([record(1), record(2, 'the run was interrupted (Ctrl-C, SIGINT or SIGTERM)')]).stoppedEarly,
    'the run was interrupted (Ctrl-C, SIGINT or SIGTERM)',
  );
  assert.equal(mergeShards([record(1), record(2)]).stoppedEarly, undefined);
  const sink = (listen: string, received: number, waited: number) => ({ listens: [listen], received, waited });
  assert.deepEqual(
    mergeShards([
      { ...record(1), webhook: sink('127.0.0.1:9555', 0, 3) },
      { ...record(2), webhook: sink('127.0.0.1:9555', 2, 4) },
    ]).webhook,
    sink('127.0.0.1:9555', 2, 7),
    "the shards' sinks add up: one that received nothing is no silence when another received",
  );
});
