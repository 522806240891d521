// The harness against hostile targets (tests/support/hostileServer.ts before the reference): every
// run ends on its own within a bound, writes its reports, keeps every process's memory bounded,
// fails each requirement a broken answer touched with a reason that says what the target did, and
// still judges the rest. An API the harness cannot use at all is said once and reported untested.
import './support/setup.ts';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { ApiName } from '../lib/requirements.ts';
import { runSuite } from '../lib/runSuite.ts';
import { MAX_ANSWER } from '../lib/secretProxy.ts';
import { freePort, hostileRun, only, reportsWritten, requirementsOf, type HostileRun, type HostileSetup } from './support/hostileRun.ts';
import type { Behaviour } from './support/hostileServer.ts';

const root = mkdtempSync(join(tmpdir(), 'hostile-'));
const ALL: ApiName[] = ['jaicp-chat', 'aimylogic-chat', 'edna-threads', 'lia'];
/** No process of a run may grow past this, whatever the target sends. */
const MEMORY_BOUND_MB = 640;
/** No run may take longer (each request is bounded by CONFORMANCE_REQUEST_TIMEOUT_MS, 3 s here). */
const RUN_BOUND_MS = 150_000;
const TEST_OPTIONS = { timeout: RUN_BOUND_MS + 60_000 };

/**
 * Two of the Chat API's synchronous tests: a broken answer fails every one of them alike, and each
 * failed test costs a new Playwright worker (worker starts were about half of this file's CPU time).
 */
const SYNC = '@sync\\.(?:returns-cid|event)(?![\\w.-])';

const always = (b: Behaviour) => () => b;
const onEvents = (b: Behaviour) => (req: IncomingMessage) => (/\/events(\?|$)/.test(req.url ?? '') ? b : 'pass');

async function run(name: string, setup: HostileSetup): Promise<HostileRun> {
  const result = await hostileRun(join(root, name), setup);
  // Contained: the run ended on its own, in time, with its reports, nothing crashed, memory bounded.
  const tail = result.output.slice(-3000);
  assert.ok(result.elapsedMs < RUN_BOUND_MS, `${name}: the run took ${Math.round(result.elapsedMs)} ms`);
  assert.ok(result.report, `${name}: conformance.json was written\n${tail}`);
  assert.deepEqual(reportsWritten(result.reportDir), [], `${name}: every report was written`);
  assert.doesNotMatch(result.output, /uncaught|unhandled|exited unexpectedly|heap out of memory/i, `${name}: nothing crashed`);
  assert.ok(result.peaks.length > 0, `${name}: the run's processes said their peak memory`);
  for (const peak of result.peaks) assert.ok(peak.maxRssMb < MEMORY_BOUND_MB, `${name}: ${peak.argv} peaked at ${peak.maxRssMb} MB`);
  assert.equal(result.away.requests.length, 0, `${name}: nothing reached another origin`);
  return result;
}

/** The API's requirements that a test ran for. */
const judged = (result: HostileRun, api: ApiName) => requirementsOf(result, api).filter((r) => r.tests.length > 0);

/** Every judged requirement has a verdict; those the behaviour broke failed, each with a reason that says what the target did. */
function assertFailedWith(result: HostileRun, api: ApiName, reason: RegExp): void {
  const reqs = judged(result, api);
  assert.ok(
    reqs.some((r) => r.status === 'failed'),
    `${api}: some requirement failed\n${JSON.stringify(reqs.map((r) => [r.id, r.status]))}`,
  );
  for (const r of reqs) {
    assert.notEqual(r.status, 'untested', `${r.id} has a verdict`);
    if (r.status === 'failed') assert.match(r.reason ?? '', reason, `${r.id}: ${r.reason}`);
    if (r.status === 'skipped') assert.ok(r.reason, `${r.id} says why it is skipped`);
  }
}

/** Every judged requirement has the verdict it has against the reference. */
function assertUnaffected(result: HostileRun, api: ApiName): void {
  const reqs = judged(result, api);
  assert.ok(reqs.length > 0, `${api}: some requirement was judged`);
  for (const r of reqs)
    assert.ok(['passed', 'unobservable'].includes(r.status) || /answerIdMode/.test(r.reason ?? ''), `${r.id}: ${r.status} ${r.reason ?? ''}`);
}

describe('against hostile targets (independent runs, mostly waiting on the hostile servers)', { concurrency: 3 }, () => {
  test('answers that trickle, reset, never end or are too big fail what they touch, each said as such', TEST_OPTIONS, async () => {
    const result = await run('transport', {
      apis: ALL,
      behaviours: { 'jaicp-chat': always('drip'), 'aimylogic-chat': always('reset'), 'edna-threads': always('endless'), lia: always('huge') },
      grep: only({ 'jaicp-chat': SYNC, 'aimylogic-chat': SYNC, 'edna-threads': '@auth\\.', lia: '@auth\\.key' }),
    });
    assert.equal(result.exitCode, 1, result.output.slice(-2000));
    assert.deepEqual(result.report!.unreachable, {}, 'every API was usable');
    assertFailedWith(result, 'jaicp-chat', /the answer was still arriving after 3000 ms \(\d+ bytes of the body so far\)/);
    assertFailedWith(result, 'aimylogic-chat', /the connection closed after \d+ bytes of the body, before the answer was complete/);
    const overCap = new RegExp(`the answer's body exceeds ${MAX_ANSWER} bytes, more than the harness reads`);
    assertFailedWith(result, 'edna-threads', overCap);
    assertFailedWith(result, 'lia', overCap);
  });

  test(
    '5xx to everything, redirects (to itself, to another origin) and bodies that are not JSON fail what they touch; no redirect is followed',
    TEST_OPTIONS,
    async () => {
      const result = await run('answers', {
        apis: ALL,
        behaviours: {
          'jaicp-chat': always('server-error'),
          'aimylogic-chat': always('redirect-away'),
          'edna-threads': always('redirect-self'),
          lia: always('invalid-json'),
        },
        grep: only({ 'jaicp-chat': SYNC, 'aimylogic-chat': SYNC, 'edna-threads': '@auth\\.', lia: '@incoming\\.event-types' }),
      });
      assert.equal(result.exitCode, 1, result.output.slice(-2000));
      assertFailedWith(result, 'jaicp-chat', /got 503/);
      assertFailedWith(result, 'aimylogic-chat', /got 307/);
      assertFailedWith(result, 'edna-threads', /got 307/);
      assertFailedWith(result, 'lia', /the answer is JSON|user_id/);
      const redirected = result.fronts['aimylogic-chat']!.requests.length + result.fronts['edna-threads']!.requests.length;
      assert.ok(redirected > 0, 'the redirecting fronts were asked');
    },
  );

  test(
    'a request or a long poll held forever, a long poll closed early fail their requirements; a wrong content type fails nothing; an untouched API passes',
    TEST_OPTIONS,
    async () => {
      const held = (req: IncomingMessage): Behaviour => (/\/(events|history)(\?|$)/.test(req.url ?? '') ? 'hang' : 'pass');
      const result = await run('long-polls', {
        apis: ALL,
        behaviours: { 'jaicp-chat': held, 'aimylogic-chat': onEvents('close'), 'edna-threads': always('wrong-content-type') },
        grep: only({
          'jaicp-chat': '@events\\.(?:long-poll-blocks|returns-on-event)|@history\\.',
          // Two of its polls (each failed test costs a worker, as for SYNC).
          'aimylogic-chat': '@events\\.(?:ts-filter|cid-filter)(?![\\w.-])',
          'edna-threads': '@auth\\.',
          lia: '@auth\\.key',
        }),
      });
      assert.equal(result.exitCode, 1, result.output.slice(-2000));
      const jaicp = judged(result, 'jaicp-chat');
      assert.equal(jaicp.find((r) => r.id === 'jaicp-chat.events.long-poll-blocks')?.status, 'passed', 'a poll held forever does block');
      assert.equal(jaicp.find((r) => r.id === 'jaicp-chat.events.returns-on-event')?.status, 'failed', 'but it never returns on an event');
      const history = jaicp.filter((r) => r.id.startsWith('jaicp-chat.history.') && r.status === 'failed');
      assert.ok(history.length > 0, 'a history request held forever fails');
      for (const r of history) assert.match(r.reason ?? '', /no answer within 3000 ms/, r.id);
      assertFailedWith(result, 'aimylogic-chat', /the connection (closed|was reset) before an answer/);
      // edna's document states no content type for its answers: the harness demands none there (Lia's «в формате JSON» is lia.outgoing.content-type).
      assertUnaffected(result, 'edna-threads');
      assertUnaffected(result, 'lia');
    },
  );

  test(
    "a webhook flood (thousands of deliveries, malformed and huge bodies) leaves memory bounded and other clients' deliveries intact",
    TEST_OPTIONS,
    async () => {
      const result = await run('flood', {
        apis: ['jaicp-chat', 'aimylogic-chat'],
        floods: { 'jaicp-chat': { forClient: 300, forClientBytes: 16 * 1024, malformed: 1000, huge: 4, hugeBytes: 8_000_000, wholeFloods: 1 } },
        grep: '@async\\.',
        referenceApart: true,
      });
      const flooded = result.fronts['jaicp-chat']!.flooded;
      assert.ok(flooded.answered >= 1000, `the sink answered the flood (${JSON.stringify(flooded)})`);
      assert.equal(result.exitCode, 1, result.output.slice(-2000));
      const jaicp = judged(result, 'jaicp-chat');
      assert.equal(jaicp.find((r) => r.id === 'jaicp-chat.async.webhook-retry')?.status, 'failed', 'hundreds of copies are not 1 + 3 attempts');
      for (const r of jaicp.filter((x) => x.status === 'failed')) assert.ok(r.reason, `${r.id} says why`);
      // The same sink served the other profile's tests, untouched by the flood.
      assertUnaffected(result, 'aimylogic-chat');
    },
  );

  test(
    'an API that does not answer, refuses the credential, or refuses connections is said once, before the run, and reported untested (exit code 3)',
    TEST_OPTIONS,
    async () => {
      const result = await run('unusable', {
        apis: ALL,
        behaviours: { 'jaicp-chat': always('hang') },
        edit: (apis) => {
          apis['aimylogic-chat']!.token = 'not-the-channel-token';
          apis['edna-threads']!.baseUrl = 'http://127.0.0.1:9';
        },
        // Some of the unusable APIs' tests too: the runner leaves them out, where a worker started only to skip them.
        grep: only({ lia: '@auth\\.key', 'jaicp-chat': SYNC, 'edna-threads': '@auth\\.' }),
      });
      assert.equal(result.exitCode, 3, result.output.slice(-2000));
      const said: [ApiName, RegExp, RegExp][] = [
        ['jaicp-chat', /jaicp-chat did not answer: no answer to POST \/chatapi\/\{token\} within 3000 ms/, /no HTTP answer/],
        [
          'aimylogic-chat',
          /aimylogic-chat refused the credential: POST \/chatapi\/\{token\} was answered 401 \(check the token\)/,
          /the credential was refused/,
        ],
        ['edna-threads', /edna-threads is unreachable \(127\.0\.0\.1:9: ECONNREFUSED\)/, /ECONNREFUSED/],
      ];
      for (const [api, line, reason] of said) {
        assert.equal(result.output.match(new RegExp(line.source, 'g'))?.length, 1, `${api}: said once\n${result.output.slice(0, 2000)}`);
        assert.ok(result.output.indexOf(line.exec(result.output)![0]) < result.output.indexOf('Running '), `${api}: said before the run`);
        const reqs = requirementsOf(result, api);
        assert.ok(reqs.length > 0);
        for (const r of reqs) {
          assert.equal(r.status, 'untested', r.id);
          assert.match(r.reason ?? '', reason, r.id);
        }
        assert.equal(result.report!.apis[api].tested, false);
      }
      // Lia's tests alone were collected: none of the unusable APIs' was dispatched only to be skipped.
      const liaTests = new Set(requirementsOf(result, 'lia').flatMap((r) => r.tests));
      assert.equal(result.report!.collected, liaTests.size, `the run collected ${result.report!.collected} tests, Lia's ${liaTests.size}`);
      for (const api of ['jaicp-chat', 'aimylogic-chat'] as const)
        assert.equal(result.fronts[api]!.requests.length, 1, `${api}: one request, not one per test`);
      assert.doesNotMatch(result.output, / › /, 'no line per test left out');
      assert.match(result.output, /^\[(\d+)\/\1\] requirements checked, 0 failed$/m, 'the progress count reaches its total');
      assertUnaffected(result, 'lia');
    },
  );

  test(
    'a webhook.listen that is taken, or not an address of this machine, is one clear line and exit code 2, before any test, with or without the command line',
    TEST_OPTIONS,
    async () => {
      const port = await freePort();
      const taken = createServer().listen(port, '127.0.0.1');
      try {
        for (const [name, listen, said] of [
          ['taken', `127.0.0.1:${port}`, /webhook sink cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE \(the address is already in use/],
          ['foreign', '192.0.2.1:9555', /webhook sink cannot listen on 192\.0\.2\.1:9555: 192\.0\.2\.1 \(192\.0\.2\.1\) is not an address of this machine/],
        ] as const) {
          const file = join(root, `${name}.json`);
          writeFileSync(
            file,
            JSON.stringify({ name, apis: { 'jaicp-chat': { baseUrl: 'http://127.0.0.1:9', token: 'some-channel-token', webhook: { listen } } } }),
          );
          const result = await runSuite({ reportDir: join(root, name), command: ['tsx', 'bin/conformance.ts', '--target', file, '--api', 'jaicp-chat'] });
          assert.equal(result.exitCode, 2, `${name}\n${result.output.slice(-2000)}`);
          assert.equal(result.output.match(new RegExp(said.source, 'g'))?.length, 1, `${name}: said once\n${result.output}`);
          assert.doesNotMatch(result.output, /Running \d+ test/, `${name}: no test ran`);
          if (name !== 'taken') continue;
          // Straight through Playwright (no command line to probe it first), the runner's global setup says the same.
          const straight = await runSuite({ reportDir: join(root, `${name}-straight`), apis: ['jaicp-chat'], env: { CONFORMANCE_TARGET: file } });
          assert.equal(straight.exitCode, 2, `${name}, straight\n${straight.output.slice(-2000)}`);
          assert.equal(straight.output.match(new RegExp(said.source, 'g'))?.length, 1, `${name}, straight: said once\n${straight.output}`);
          assert.doesNotMatch(straight.output, /Running \d+ test/, `${name}, straight: no test ran`);
        }
      } finally {
        taken.close();
      }
    },
  );
});
