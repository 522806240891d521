// Whole runs of the suite: against the embedded default (green, every requirement reported, no
// planted secret anywhere in the reports or the output), and against a target file that points
// at a separately started implementation (the path a vendor takes), with one API left out.
import './support/setup.ts';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allRequirements } from '../lib/registry.ts';
import { escapeRegExp } from '../lib/escapeRegExp.ts';
import { runSuite } from '../lib/runSuite.ts';
import { POOL_NICENESS } from '../lib/workerShare.ts';
import { rssProbe } from './support/processPeaks.ts';
import { secretFields } from '../lib/target.ts';
import { startEmbeddedReference as startReference } from '../lib/embeddedReference.ts';
import { cliIn, ONE_WORKER } from './support/cliRuns.ts';
import { reportTexts } from './support/reportText.ts';
import { freePort } from '../lib/freePort.ts';

const root = mkdtempSync(join(tmpdir(), 'conformance-run-'));
// The narrowed runs take one worker; the embedded default runs with the README's case counts.
const cli = cliIn(root);

describe('whole runs (independent)', { concurrency: 2 }, () => {
  test('the embedded default passes every requirement', async () => {
    const reportDir = join(root, 'embedded');
    const processes = rssProbe(mkdtempSync(join(root, 'embedded-processes-')));
    // The README's first command as it is: every generated loop at its full count.
    const run = await runSuite({ reportDir, env: { CONFORMANCE_CASES: '', ...processes.env } });
    assert.equal(run.exitCode, 0, run.output.slice(-3000));
    const report = run.report!;
    assert.equal(report.target, 'embedded-reference');
    const ids = new Set(report.requirements.map((r) => r.id));
    for (const req of allRequirements()) assert.ok(ids.has(req.id), `${req.id} is reported`);
    for (const r of report.requirements) {
      // The reference declares one answerIdMode; the other mode's check is skipped (tests/ednaThreads.test.ts runs it).
      const modeSkip = r.status === 'skipped' && /declares answerIdMode/.test(r.reason ?? '');
      assert.ok(['passed', 'unobservable'].includes(r.status) || modeSkip, `${r.id}: ${r.status} ${r.reason ?? ''}`);
      if (r.status === 'unobservable') assert.ok(r.reason, `${r.id} says why it is unobservable`);
    }
    for (const file of ['conformance.json', 'junit.xml', join('html', 'index.html')]) assert.ok(statSync(join(reportDir, file)).size > 0, `${file} written`);
    // The longest observation's first request went as the tests were known (lib/headStart.ts): each Chat
    // profile's waits test took it over, or (on a machine too busy to start the test in time) says why not.
    const headStarts = [...readFileSync(join(reportDir, 'junit.xml'), 'utf8').matchAll(/<property name="head start" value="([^"]*)"/g)].map((m) => m[1]);
    assert.equal(headStarts.length, 2, `a head start for each Chat profile: ${JSON.stringify(headStarts)}`);
    for (const said of headStarts) assert.match(said, /^timeout-event: (sent by the runner|not taken over)/);
    // The pool's workers yield the cores to the runner, which serves them; the two waiting workers do not (lib/workerShare.ts).
    const workers = processes.read().filter((p) => /workerProcessEntry/.test(p.argv));
    const base = getPriority();
    assert.equal(
      workers.filter((w) => w.nice === base).length,
      2,
      `the waiting workers keep the runner's priority: ${JSON.stringify(workers.map((w) => w.nice))}`,
    );
    assert.ok(workers.filter((w) => w.nice === Math.min(19, base + POOL_NICENESS)).length >= 1, "the pool's workers run below it");
  });

  test('no planted secret reaches a report or the output, even in failures whose evidence carries it', async () => {
    const planted = Object.fromEntries(secretFields().map(({ env }) => [env, `planted-${env.toLowerCase()}-Zq9`]));
    const reportDir = join(root, 'secrets');
    // Failing checks keep their exchanges as evidence: URLs with the token in the path, and a
    // webhook body that echoes the token (seed 000's payload has a "token" field).
    const run = await runSuite({
      reportDir,
      env: { ...planted, REFERENCE_FAULTS: 'sync-no-cid,webhook-object-not-array,status-get-500,timeout-event-late', ...ONE_WORKER },
      apis: ['jaicp-chat'],
      // The tests of the faulted requirements (and the others in their tests).
      grep: '@sync\\.returns-cid|@async\\.webhook-payload(?![\\w.-])|@status\\.get|@async\\.timeout-event-due',
    });
    assert.equal(run.exitCode, 1, run.output.slice(-3000));
    const failed = run.report!.requirements.filter((r) => r.status === 'failed');
    // The timeout event's slow request went as the tests were known (lib/headStart.ts; on a machine too busy
    // to start the test in time, the test sent its own), and the late event is caught all the same.
    assert.ok(
      failed.some((r) => r.id === 'jaicp-chat.async.timeout-event-due'),
      failed.map((r) => r.id).join(', '),
    );
    assert.match(readFileSync(join(reportDir, 'junit.xml'), 'utf8'), /<property name="head start" value="timeout-event: (sent by the runner|not taken over)/);
    assert.ok(
      failed.some((r) => r.evidence?.some((e) => e.url.includes('/chatapi/__jaicp-chat-token__'))),
      'the evidence shows the placeholder in URLs',
    );
    for (const r of failed) {
      const said = run.output.match(new RegExp(`^\\[\\d+/\\d+\\] ✗ ${escapeRegExp(r.id)} \\[${r.level}\\] `, 'gm'));
      assert.equal(said?.length, 1, `${r.id} is said once as it fails\n${run.output}`);
    }
    // The repro goes to the reference itself, not to the run's secret proxy, with the secret's variable in the URL.
    const repro = failed.flatMap((r) => r.evidence ?? []).find((e) => e.path.startsWith('/chatapi/'))!;
    assert.match(repro.curl, /^curl -i .*'http:\/\/127\.0\.0\.1:\d+\/chatapi\/'"\$\{CONFORMANCE_JAICP_CHAT_TOKEN\}"/);
    assert.ok(!repro.curl.includes(new URL(repro.url).origin + '/jaicp-chat'), `the repro bypasses the proxy: ${repro.curl}`);
    const texts = [{ file: 'output', text: run.output }, ...reportTexts(reportDir)];
    assert.ok(
      texts.some((t) => t.file.includes('!')),
      'the HTML report was unpacked and searched',
    );
    for (const secret of Object.values(planted)) {
      const leaks = texts.filter((t) => t.text.includes(secret)).map((t) => t.file);
      assert.deepEqual(leaks, [], `secret ${secret} appears in a report or the output`);
    }
  });

  test('a target file drives the run; an absent section is reported untested with the reason; a section not asked for is left alone', async () => {
    const listen = `127.0.0.1:${await freePort()}`;
    const reference = await startReference({ webhookListen: listen, env: {} });
    try {
      const { lia: _lia, 'edna-threads': edna, ...apis } = reference.target.apis;
      // A section the run does not ask for: its host down and its fixtures command not to be run.
      const minted = join(root, 'edna-fixtures-minted');
      const idle = { ...edna, baseUrl: 'http://127.0.0.1:9', fixturesCommand: `touch '${minted}' && echo '{}'` };
      const file = join(root, 'target.json');
      writeFileSync(file, JSON.stringify({ name: 'vendor-like', apis: { ...apis, 'edna-threads': idle } }));
      // The synchronous tests and one through the file's webhook.listen (the embedded default runs them all),
      // and one of Lia's, whose section is absent: its worker must know the API asked for by name (it broke, said Playwright's "Project lia not found in the worker process").
      const grep = '@sync\\.|@async\\.message-id-only|@auth\\.key';
      const run = await cli('file', '--target', file, '--api', 'jaicp-chat', '--api', 'lia', '--grep', grep);
      assert.equal(run.exitCode, 0, run.output.slice(-3000));
      const report = run.report!;
      assert.equal(report.target, 'vendor-like');
      const jaicp = report.requirements.filter((r) => r.api === 'jaicp-chat' && r.status !== 'untested');
      assert.ok(
        jaicp.some((r) => r.id === 'jaicp-chat.async.message-id-only'),
        'the webhook test ran',
      );
      assert.ok(jaicp.length > 1 && jaicp.every((r) => r.status === 'passed'), JSON.stringify(jaicp.filter((r) => r.status !== 'passed')));
      for (const r of report.requirements.filter((x) => x.api === 'lia')) {
        assert.equal(r.status, 'untested');
        assert.match(r.reason ?? '', /no "lia" section/);
      }
      assert.equal(report.apis.lia.tested, false);
      assert.doesNotMatch(run.output, /conformance: edna-threads /, 'a section not asked for is not probed');
      assert.ok(!existsSync(minted), 'a section not asked for has no fixtures minted: its fixturesCommand did not run');
      assert.deepEqual(report.unreachable, {});
    } finally {
      await reference.close();
    }
  });
});
