// Busy runners: a CI runner shares its cores with other jobs. With two CPU-bound processes beside
// them, the suite's timing-sensitive checks (the long poll, webhook retries, the async timeout
// event) give the verdicts of a quiet machine, the reference passing every one and the faults
// caught, and the webhook sink's tests, its flood among them, pass as on a quiet machine.
import './support/setup.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConformanceReport } from '../lib/conformanceReport.ts';
import { runCommand, runSuite } from '../lib/runSuite.ts';
import { CHAT_API_FAULTS } from '../reference/chat-api/faults.ts';
import { statusesOf } from './support/statuses.ts';

const root = mkdtempSync(join(tmpdir(), 'busy-runner-'));
/** The Chat API checks that wait on the target's timing, each judged against a window or a bound. */
const SELECTION = '@events\\.(?:long-poll-blocks|returns-on-event)|@async\\.(?:webhook-retry|timeout-event)';
/** One fault per timing-sensitive requirement, none hiding another. */
const FAULTS = ['events-late', 'timeout-event-early', 'webhook-extra-retry'];

/** The statuses of the requirements a run judged or skipped (the others no test of the selection checks). */
const verdicts = (report: ConformanceReport | undefined) => statusesOf((report?.requirements ?? []).filter((r) => r.status !== 'untested'));

/** A project test file run as npm test runs it (the child reports on its own, not to this runner). */
const projectTests = (file: string) => runCommand(['tsx', '--test', file], { env: { NODE_TEST_CONTEXT: undefined } });

// The three at once: the hogs burn two cores for as long as the slowest takes (the timing checks mostly
// wait), not for the three in turn; each faces the hogs and the others' load besides, more than a quiet runner's.
describe('with two CPU-bound processes beside it', { concurrency: true }, () => {
  let hogs: ChildProcess[] = [];
  before(() => {
    // Each keeps a core busy until killed, or for ten minutes at most, should this process die before killing it.
    const hog = 'const end = Date.now() + 600_000; while (Date.now() < end);';
    hogs = Array.from({ length: 2 }, () => spawn(process.execPath, ['-e', hog], { stdio: 'ignore' }));
  });
  after(() => {
    for (const hog of hogs) hog.kill();
  });

  const run = (name: string, faults: string[]) =>
    runSuite({
      reportDir: join(root, name),
      env: { REFERENCE_FAULTS: faults.join(',') },
      command: ['tsx', 'bin/conformance.ts', '--api', 'jaicp-chat', '--grep', SELECTION],
    });

  test('the timing-sensitive checks all pass against the reference', async () => {
    const clean = await run('clean', []);
    assert.equal(clean.exitCode, 0, clean.output.slice(-3000));
    const judged = verdicts(clean.report);
    // The requirements of the waits test's observations the selection names (retries, the timeout
    // event and its due time, a poll that blocks, and its return on an event with its three); not
    // the others of the test (the agent-only default, ts, an agent's reply).
    assert.equal(Object.keys(judged).length, 8, `every selected requirement was judged, and only those: ${JSON.stringify(judged)}`);
    for (const [id, status] of Object.entries(judged)) assert.equal(status, 'passed', `${id} passes against the reference`);
  });

  test('each fault fails its requirement, and only that; the rest pass or are not reached behind a failure in their test', async () => {
    const faulted = await run('faulted', FAULTS);
    assert.equal(faulted.exitCode, 1, faulted.output.slice(-3000));
    const caught = FAULTS.map((name) => `jaicp-chat.${CHAT_API_FAULTS.find((f) => f.name === name)!.violates}`);
    const failed = Object.entries(verdicts(faulted.report))
      .filter(([, status]) => status === 'failed')
      .map(([id]) => id);
    assert.deepEqual(failed.sort(), caught.sort(), 'the faults, and only they, are caught');
    for (const r of faulted.report!.requirements.filter((x) => x.status === 'skipped'))
      assert.match(r.reason ?? '', /^not reached: the test stopped at the failure of /, r.id);
  });

  test("the webhook sink's tests pass, its flood among them", async () => {
    const sinkTests = await projectTests('tests/webhookSink.test.ts');
    assert.equal(sinkTests.exitCode, 0, sinkTests.output.slice(-3000));
    assert.match(sinkTests.output, /^ok \d+ - a flood is kept within its bounds/m, 'the flood test ran');
  });
});
