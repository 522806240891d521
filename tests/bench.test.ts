// The benchmark's arithmetic (npm run bench): the floor from declared timings, the counting of
// generated cases against the tests that sent them, and the line fit. No timing is asserted here.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startedTest, type TestFigures } from '../lib/bench/benchReporter.ts';
import { chainMs, floorOf, independentChains } from '../lib/bench/floor.ts';
import { chatApiWaitChains, type ChatProfile } from '../specs/chat-api/waits.ts';
import { coresIdleWhileWaiting, countGeneratedCases, idleWhileWaiting, waitedMs } from '../lib/bench/runFigures.ts';
import { linearFit } from '../lib/bench/scaling.ts';
import { isRunner, sampleProcessTree } from '../lib/bench/processTree.ts';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const timing = { longPollMinBlockMs: 500, longPollMaxMs: 5000, webhookRetryWindowMs: 1500, asyncAnswerTimeoutMs: 400, clockToleranceMs: 20 };
const profile = (over: Partial<ChatProfile> = {}): ChatProfile => ({
  api: 'jaicp-chat',
  section: { timing, bot: { slowQuery: 'answer slowly' }, webhook: { listen: '127.0.0.1:9' } },
  states: () => true,
  targetPollBlockMs: 700,
  ...over,
});

test('the retry check waits the declared window once: its three deliveries are observed at once', () => {
  const retry = chatApiWaitChains(profile()).find((c) => c.waits[0].requirement === 'async.webhook-retry')!;
  assert.deepEqual(
    retry.waits.map((w) => w.ms),
    [1500],
  );
  assert.equal(chainMs(retry), 1500);
});

test('a profile waits only for what its document states and its target declares', () => {
  const keys = (p: ChatProfile) => chatApiWaitChains(p).map((c) => c.waits[0].requirement);
  const aimylogic = profile({ api: 'aimylogic-chat', states: (k) => !['async.webhook-retry', 'events.long-poll-blocks'].includes(k) });
  assert.deepEqual(keys(aimylogic), ['async.timeout-event-due', 'async.concurrent-requests', 'events.all-default-agent-only', 'events.ts-filter']);
  const noWebhook = profile({ section: { timing, bot: { slowQuery: 'x' } } });
  assert.ok(!keys(noWebhook).some((k) => k.startsWith('async.')), 'no webhook, no webhook waits');
  const noSlowQuery = profile({ section: { timing, bot: {}, webhook: { listen: 'h:1' } } });
  assert.ok(!keys(noSlowQuery).includes('async.timeout-event-due'));
});

test('a blocked poll lasts until the harness lets go, or the target does, whichever is first', () => {
  const agentOnly = (p: ChatProfile) => chatApiWaitChains(p).find((c) => c.waits[0].requirement === 'events.all-default-agent-only')!;
  assert.equal(chainMs(agentOnly(profile())), 500);
  assert.equal(chainMs(agentOnly(profile({ targetPollBlockMs: 200 }))), 200);
});

test("the floor: a test waits its longest observation, and an API's waiting tests share its waiting workers", () => {
  const chains = chatApiWaitChains(profile()); // 1500, 3 × 400, 400 + 2000, 500, 500, 1000 + 40: one test's observations
  assert.equal(floorOf(chains, 1).floorMs, 2400, 'observed at once: the longest, the slow answer among concurrent requests');
  assert.equal(floorOf(chains, 1).mostOfOneApiMs, 2400);
  assert.equal(floorOf(chains, 1).totalWaitMs, 7140);
  // Each observation a test of its own: one after another on one worker, shared among more.
  const apart = independentChains(chains);
  assert.equal(floorOf(apart, 1).floorMs, 7140);
  assert.equal(floorOf(apart, 2).floorMs, 3570);
  assert.equal(floorOf(apart, 8).floorMs, 2400);
  // Each API waits on workers of its own: a second API's waits add nothing to the first's.
  const two = [...chains, ...chains.map((c) => ({ ...c, api: 'other' }))];
  assert.equal(floorOf(two, 1).floorMs, 2400);
  assert.equal(floorOf(two, 1).totalWaitMs, 14280);
});

function testFigures(over: Partial<TestFigures>): TestFigures {
  return startedTest({ api: 'lia', file: '/p/a.spec.ts', title: 't', status: 'passed', workerIndex: 0, startedAt: 0, ...over });
}
test('cases drawn in a test count up to the requests that test made', () => {
  const sent = testFigures({ requests: 10, cases: { inTest: 10, atLoad: 0 } });
  const fewer = testFigures({ requests: 3, title: 'draws more than it sends', cases: { inTest: 9, atLoad: 0 } });
  assert.deepEqual(countGeneratedCases([sent, fewer]), { lia: { drawn: 19, sent: 13 } });
});

test('a spec file that draws as it loads counts once per API, against its tests that draw nothing', () => {
  const file = '/p/invalid.spec.ts';
  // Worker 0 and 1 both load the file (5 cases each time); each runs some of its tests.
  const tests = [
    testFigures({ file, workerIndex: 0, requests: 1, cases: { inTest: 0, atLoad: 5 } }),
    testFigures({ file, workerIndex: 0, requests: 1 }),
    testFigures({ file, workerIndex: 1, requests: 1, cases: { inTest: 0, atLoad: 5 } }),
    testFigures({ file, workerIndex: 1, requests: 5, title: 'fixed bodies' }),
    testFigures({ api: 'edna-threads', file: '/p/other.spec.ts', workerIndex: 2, requests: 4 }),
  ];
  assert.deepEqual(countGeneratedCases(tests), { lia: { drawn: 5, sent: 5 } });
  // A test that draws its own cases is not one the file's load-time cases were sent by.
  const drawing = testFigures({ file, workerIndex: 0, requests: 3, cases: { inTest: 3, atLoad: 0 } });
  assert.deepEqual(countGeneratedCases([tests[0], drawing]), { lia: { drawn: 8, sent: 4 } });
});

test('a core is idle while a test waits only if no other test works on it and tests are still queued', () => {
  // Worker 0 waits 0–1000 inside a long test; worker 1 works 0–400, then nothing until a test starts at 1500.
  const waiting = testFigures({ startedAt: 0, durationMs: 2000, waitSpans: [{ at: 0, ms: 1000 }] });
  const work = testFigures({ workerIndex: 1, startedAt: 0, durationMs: 400 });
  const queued = testFigures({ workerIndex: 1, startedAt: 1500, durationMs: 100 });
  // 0–400: one core works, the waiting test's core idles (400); 400–1000: both idle, but only one waits (600).
  assert.equal(idleWhileWaiting([waiting, work, queued], 2, 2), 1000);
  // With four workers on two cores, two other tests working through the wait leave no core idle.
  const busy = [0, 1].map((i) => testFigures({ workerIndex: 2 + i, startedAt: 0, durationMs: 1000 }));
  assert.equal(idleWhileWaiting([waiting, ...busy, queued], 4, 2), 0);
  // Once no test is queued, a wait idles nothing that another test could have used.
  assert.equal(idleWhileWaiting([waiting, work], 2, 2), 0);
  // A test whose checks wait at once is one test waiting: it idles one core, not one per check.
  const twice = { ...waiting, waitSpans: [...waiting.waitSpans, { at: waiting.waitSpans[0].at + 10, ms: waiting.waitSpans[0].ms - 20 }] };
  assert.equal(idleWhileWaiting([twice, work, queued], 2, 2), 1000);
});

test("a core is idle while a test waits only if the run's processes leave it unused and tests are still queued", () => {
  // The timeline of the test above: one test waits 0–1000 while a test is still queued (it starts at 1500).
  const waiting = testFigures({ startedAt: 0, durationMs: 2000, waitSpans: [{ at: 0, ms: 1000 }] });
  const queued = testFigures({ workerIndex: 1, startedAt: 1500, durationMs: 100 });
  /** The tree's CPU time at 0, 500, 1000, … ms, from the cores it used in each half second. */
  const usage = (...cores: number[]) => [0, ...cores].map((_, i) => ({ at: i * 500, cpuMs: 500 * cores.slice(0, i).reduce((a, b) => a + b, 0) }));
  // Both cores busy (a worker starting, say) through the wait: nothing idle, though no other test ran.
  assert.equal(coresIdleWhileWaiting([waiting, queued], usage(2, 2, 2, 2), 2, 2), 0);
  // Half a core used in the first half second, one and a half in the second: one test waits, so one core at most
  // counts (500), then the half left (250).
  assert.equal(coresIdleWhileWaiting([waiting, queued], usage(0.5, 1.5, 2, 2), 2, 2), 750);
  // Nothing used: one core counts, not two; and none after the last test started.
  assert.equal(coresIdleWhileWaiting([waiting, queued], usage(0, 0, 0, 0), 2, 2), 1000);
  // Cores beyond the run's workers are not the run's to fill.
  assert.equal(coresIdleWhileWaiting([waiting, queued], usage(1, 1, 2, 2), 1, 4), 0);
  // Without samples covering the waits, there is no figure.
  assert.equal(coresIdleWhileWaiting([waiting, queued], usage(2), 2, 2), undefined);
});

test("the process tree's CPU time counts a child's work, the child's own children's included", async () => {
  const sampling = sampleProcessTree(20);
  // A child that spins 300 ms in a grandchild it waits for, then sleeps 400 ms: meanwhile the grandchild's time is the child's.
  const spin = 'const t = Date.now(); while (Date.now() - t < 300);';
  const child = `require('node:child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(spin)}]); setTimeout(() => {}, 400);`;
  await promisify(execFile)(process.execPath, ['-e', child]);
  const endedAt = Date.now();
  const { cpu } = sampling.stop();
  const sleeping = cpu.filter((c) => c.at > endedAt - 300 && c.at < endedAt - 100);
  assert.ok(sleeping.length > 0, 'samples while the child slept');
  for (const c of sleeping) assert.ok(c.cpuMs - cpu[0].cpuMs >= 200, `the tree held ${c.cpuMs - cpu[0].cpuMs} ms of CPU after its grandchild spun 300 ms`);
  assert.ok(cpu.every((c, i) => i === 0 || c.at >= cpu[i - 1].at));
});

test('a straight line fits straight points exactly', () => {
  const fit = linearFit([
    [100, 1200],
    [1000, 3000],
    [10000, 21000],
  ]);
  assert.ok(Math.abs(fit.slope - 2) < 1e-9 && Math.abs(fit.intercept - 1000) < 1e-6);
  assert.ok(fit.r2 > 0.999999);
});

test("the runner's memory is the process running `playwright test`, however it was started", () => {
  for (const cmd of [
    '/usr/bin/node /app/node_modules/@playwright/test/cli.js test --project lia',
    'node node_modules/playwright/cli.js test',
    'node /usr/bin/npx playwright test',
  ])
    assert.ok(isRunner(cmd), cmd);
  for (const cmd of [
    '/usr/bin/node /app/node_modules/playwright/lib/worker/workerProcessEntry.js',
    'npm exec playwright test',
    'node /app/node_modules/@playwright/test/cli.js merge-reports',
  ])
    assert.ok(!isRunner(cmd), cmd);
});

test("a test's waits made at once count once in its worker's time, never more than the test took", () => {
  const spans = [
    { at: 1000, ms: 6000 },
    { at: 1100, ms: 3000 },
    { at: 1200, ms: 500 },
    { at: 9000, ms: 1000 },
  ];
  assert.equal(waitedMs({ waitSpans: spans, durationMs: 12_000, hooksMs: 100 }), 7000, 'the six-second wait and the later one; the others within the first');
  assert.equal(waitedMs({ waitSpans: spans, durationMs: 5000, hooksMs: 100 }), 4900, 'at most the test, its fixtures aside');
  assert.equal(waitedMs({ waitSpans: [], durationMs: 5000, hooksMs: 100 }), 0);
});
