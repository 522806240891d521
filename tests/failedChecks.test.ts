// A test that fails a MUST check keeps its worker (lib/failedChecks.ts): Playwright stops a worker
// after any failed test, and against a faulty target every failing test cost a worker's start. The
// test still fails in every report and in Playwright's exit status; with the runner's reporters
// replaced on the command line, it fails as Playwright's own failure, restarting its worker as before.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestCase } from '@playwright/test/reporter';
import { startEmbeddedReference } from '../lib/embeddedReference.ts';
import FailedChecksReporter, { failedCheck, FAILED_CHECKS_REPORTER_ENV, MUST_NOT_MET } from '../lib/failedChecks.ts';
import { runSuite } from '../lib/runSuite.ts';
import { rssProbe } from './support/processPeaks.ts';

const root = mkdtempSync(join(tmpdir(), 'failed-checks-'));

/** A run of Lia's tests against a reference with two of its faults, on one worker, counting the worker processes it starts. */
async function faultyRun(name: string, extraArgs: string[] = []) {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const processes = rssProbe(dir);
  const reference = await startEmbeddedReference({ faults: 'lia-user-id-word-chars,lia-key-not-checked', env: {} });
  try {
    const file = join(dir, 'target.json');
    writeFileSync(file, JSON.stringify({ name, apis: { lia: reference.target.apis.lia } }));
    const run = await runSuite({
      reportDir: join(dir, 'reports'),
      apis: ['lia'],
      grep: 'user_id|channel key|facts',
      extraArgs,
      env: {
        CONFORMANCE_TARGET: file,
        CONFORMANCE_WORKERS: '1',
        CONFORMANCE_WAITING_WORKERS: '0',
        ...processes.env,
      },
    });
    const workers = processes.read().filter((p) => /workerProcessEntry/.test(p.argv)).length;
    return { run, workers, reports: join(dir, 'reports') };
  } finally {
    await reference.close();
  }
}

test('tests that fail MUST checks keep their worker, and still fail in every report and in the exit status', async () => {
  const { run, workers, reports } = await faultyRun('kept');
  assert.equal(run.exitCode, 1, run.output.slice(-3000));
  const failed = run.report!.requirements.filter((r) => r.status === 'failed').map((r) => r.id);
  assert.ok(failed.includes('lia.incoming.user-id-charset') && failed.includes('lia.auth.key'), `the faults' requirements failed: ${failed.join(', ')}`);
  const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
  const failedTests = Number(/<testsuites [^>]*failures="(\d+)"/.exec(junit)![1]) + Number(/<testsuites [^>]*errors="(\d+)"/.exec(junit)![1]);
  assert.ok(failedTests >= 1, `Playwright's JUnit counts the test that failed a MUST check failed (${failedTests})`);
  assert.equal(workers, 1, `one worker ran every test, the failing ones among them (${workers} started)`);
});

test("with the runner's reporters replaced on the command line, a failed check fails its test as Playwright's own failure", async () => {
  const { run, workers } = await faultyRun('replaced', ['--reporter=line']);
  assert.equal(run.exitCode, 1, run.output.slice(-3000));
  assert.match(run.output, /\d+ failed/);
  assert.ok(workers > 1, `each failing test restarted the worker (${workers} started)`);
});

test('a failed check is expected to fail in the worker only where the reporter is in the runner, which marks it expected to pass again', () => {
  const info = () => ({ annotations: [] as { type: string; description?: string }[], expectedStatus: 'passed' as const });
  const alone = info();
  failedCheck(alone, 'lia.auth.key: refused with 200\nmore', {});
  assert.deepEqual(alone, { annotations: [{ type: MUST_NOT_MET, description: 'lia.auth.key: refused with 200 more' }], expectedStatus: 'passed' });
  const saved = process.env[FAILED_CHECKS_REPORTER_ENV];
  try {
    const reporter = new FailedChecksReporter();
    const kept = info();
    failedCheck(kept, 'lia.auth.key: refused with 200');
    assert.equal(kept.expectedStatus, 'failed');
    const testCase = (annotations: { type: string }[]) => ({ expectedStatus: 'failed', annotations }) as unknown as TestCase;
    const marked = testCase(kept.annotations);
    const expectedToFail = testCase([{ type: 'fail' }]);
    reporter.onTestEnd(marked);
    reporter.onTestEnd(expectedToFail);
    assert.equal(marked.expectedStatus, 'passed');
    assert.equal(expectedToFail.expectedStatus, 'failed', "a test.fail() of a spec's own stays expected to fail");
  } finally {
    if (saved === undefined) delete process.env[FAILED_CHECKS_REPORTER_ENV];
    else process.env[FAILED_CHECKS_REPORTER_ENV] = saved;
  }
});
