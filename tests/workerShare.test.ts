// How a run's workers are shared among its APIs (lib/workerShare.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { getPriority } from 'node:os';
import {
  defaultWorkers,
  dispatchedByFile,
  dispatchOrder,
  profilesOfRun,
  APIS_ASKED_ENV,
  apisAsked,
  WAITING_WORKERS,
  taggedTests,
  waitingWorkers,
  WaitingWorkersError,
  workersAsked,
  workersPerProject,
  POOL_NICENESS,
  POOL_PROJECT,
  yieldsToRunner,
} from '../lib/workerShare.ts';

test('the APIs asked for are read from the environment the runner hands its workers; none, or an empty list, means all', () => {
  assert.equal(apisAsked({}), undefined);
  assert.equal(apisAsked({ [APIS_ASKED_ENV]: '' }), undefined);
  assert.deepEqual(apisAsked({ [APIS_ASKED_ENV]: 'lia,edna-threads' }), new Set(['lia', 'edna-threads']));
});

test('several APIs take two workers each, or their even share, and at most half; one API, all of them', () => {
  assert.equal(workersPerProject(8, 4), 2, 'every API starts at once');
  assert.equal(workersPerProject(8, 5), 2);
  assert.equal(workersPerProject(16, 4), 4, 'the even share');
  assert.equal(workersPerProject(3, 4), 2, 'two, though not every API starts at once');
  assert.equal(workersPerProject(2, 2), 1, 'never more than half');
  assert.equal(workersPerProject(1, 3), 1);
  assert.equal(workersPerProject(3, 2), 2);
  assert.equal(workersPerProject(8, 1), undefined);
});

test('a run is about the APIs the target declares, or asks for by name, narrowed to those asked for', () => {
  const all = ['jaicp-chat', 'edna-threads', 'lia'];
  assert.deepEqual(profilesOfRun(all, undefined, undefined), all, 'the embedded default: every API');
  assert.deepEqual(profilesOfRun(all, ['lia'], undefined), ['lia'], 'a target file of one section: that one alone');
  assert.deepEqual(profilesOfRun(all, ['lia'], new Set(['edna-threads'])), ['edna-threads'], 'asked for without a section: reported untested, saying why');
  assert.deepEqual(profilesOfRun(all, ['lia', 'edna-threads'], new Set(['lia'])), ['lia']);
});

test("an API's waiting (or bulk) tests are those tagged with one of its waiting (or bulk) requirements, the whole tag", () => {
  const waiting = taggedTests(['async.webhook-retry', 'events.ts-filter'])!;
  const grepped = (title: string) => waiting.test(title);
  assert.ok(grepped('POST /async › a failed delivery is sent again @async.webhook-retry'));
  assert.ok(grepped('GET /events › ts filters events by time @events.ts-filter @events.other'));
  assert.ok(!grepped('a later test @async.webhook-retry-after'), 'a longer tag is another requirement');
  assert.ok(!grepped('async webhook-retry, untagged'));
  assert.ok(!grepped('x @asyncXwebhook-retry'), 'the dot is a dot');
  assert.equal(taggedTests([]), undefined, 'an API without waits keeps its tests together');
});

test("Playwright's workers option is read from the command line in each of its forms", () => {
  assert.equal(workersAsked(['node', 'cli.js', 'test']), undefined);
  assert.equal(workersAsked(['node', 'cli.js', 'test', '--workers=4']), '4');
  assert.equal(workersAsked(['node', 'cli.js', 'test', '--workers', '50%']), '50%');
  assert.equal(workersAsked(['node', 'cli.js', 'test', '-j', '1', '--project=lia']), '1');
  assert.equal(workersAsked(['node', 'cli.js', 'test', '-j4']), '4');
  assert.equal(workersAsked(['node', 'cli.js', 'test', '-j', '1', '--workers=3']), '3', 'the last one counts');
});

test('the waiting tests take one worker per API unless CONFORMANCE_WAITING_WORKERS says otherwise, 0 for none', () => {
  assert.equal(waitingWorkers({}), WAITING_WORKERS);
  assert.equal(waitingWorkers({ CONFORMANCE_WAITING_WORKERS: '0' }), 0);
  assert.equal(waitingWorkers({ CONFORMANCE_WAITING_WORKERS: '3' }), 3);
  for (const bad of ['-1', '1.5', 'two']) assert.throws(() => waitingWorkers({ CONFORMANCE_WAITING_WORKERS: bad }), WaitingWorkersError, bad);
});

test('only a run of the embedded reference with lanes for its waiting tests dispatches its other tests a file at a time', () => {
  assert.equal(dispatchedByFile({}), true);
  assert.equal(dispatchedByFile({ CONFORMANCE_TARGET: 'target.json' }), false, 'against a deployment');
  assert.equal(dispatchedByFile({ CONFORMANCE_RUNS: 'runs.json' }), false, 'a kill or variant check');
  assert.equal(dispatchedByFile({ CONFORMANCE_WAITING_WORKERS: '0' }), false, 'no lanes (as --workers makes it)');
});

test("the pool's workers yield the cores to the runner where the embedded run has lanes; the waiting workers never", () => {
  assert.equal(yieldsToRunner(POOL_PROJECT, {}), true);
  assert.equal(yieldsToRunner('waiting', {}), false, 'a waiting worker keeps its timers punctual');
  assert.equal(yieldsToRunner(POOL_PROJECT, { CONFORMANCE_TARGET: 'target.json' }), false, 'against a deployment');
  assert.equal(yieldsToRunner(POOL_PROJECT, { CONFORMANCE_WAITING_WORKERS: '0' }), false, 'no lanes: the waits run on the pool');
  // In a process of its own: the niceness a process takes, it keeps.
  const module = new URL('../lib/workerShare.ts', import.meta.url).href;
  const code = `import { getPriority } from 'node:os'; import { yieldToRunner } from ${JSON.stringify(module)}; const before = getPriority(); yieldToRunner(); console.log(getPriority() - before);`;
  const child = spawnSync(process.execPath, [...process.execArgv, '--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(Number(child.stdout.trim()), Math.min(POOL_NICENESS, 19 - getPriority()), 'lowered by POOL_NICENESS, at most to the lowest');
});

test('a run takes one worker per core against the embedded reference, two to four, and four against a deployment', () => {
  assert.equal(defaultWorkers(false, 1), 2);
  assert.equal(defaultWorkers(false, 2), 2);
  assert.equal(defaultWorkers(false, 3), 3);
  assert.equal(defaultWorkers(false, 64), 4, 'a container may see every core of its host');
  assert.equal(defaultWorkers(true, 2), 4, 'waiting on the network uses no core');
  assert.equal(defaultWorkers(true, 64), 4);
});

test('the APIs with a lane of many requests have their other tests dispatched after the other APIs', () => {
  const apis = [{ profile: 'jaicp-chat', bulk: /@events/ }, { profile: 'edna-threads' }, { profile: 'aimylogic-chat', bulk: /@sync/ }, { profile: 'lia' }];
  assert.deepEqual(
    dispatchOrder(apis).map((a) => a.profile),
    ['edna-threads', 'lia', 'jaicp-chat', 'aimylogic-chat'],
  );
  const reference = apis.map(({ profile }) => ({ profile, bulk: undefined }));
  assert.deepEqual(dispatchOrder(reference), reference, 'the embedded reference has no such lane: the registry order');
});
