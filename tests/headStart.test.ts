// Head starts (lib/headStart.ts): the runner sends the first request of a test's longest
// observation as soon as the run's tests are known, and hands it once to the worker that asks; it
// sends nothing for a test the run does not take for that observation, nor where the test has no
// worker of its own waiting for it. The whole run's use of it: tests/conformanceRun.test.ts.
import './support/setup.ts';
import { afterEach, before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FullConfig, Suite, TestCase } from '@playwright/test/reporter';
import { API_ANNOTATION, GREP_ENV } from '../lib/apiScope.ts';
import HeadStartReporter, { HEAD_START_ENV, takeOverHeadStart } from '../lib/headStart.ts';
import { DEFAULT_RUN, RESOLVED_ENV } from '../lib/runs.ts';
import { CHAT_API_DEFAULTS } from '../specs/chat-api/target.ts';
import { SLOW_REQUEST, WAITS_TEST } from '../specs/chat-api/waits.ts';

/** What the target received: each request's path and body. */
let received: { path: string; body: string }[] = [];
let arrived: (() => void) | undefined;
/** The target answers 202, or drops the connection when told to. */
let drop = false;
const target = createServer((req: IncomingMessage, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
  req.on('end', () => {
    received.push({ path: req.url ?? '', body });
    arrived?.();
    if (drop) return void req.socket.destroy();
    res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
  });
});

const dir = mkdtempSync(join(tmpdir(), 'head-start-'));
const saved = { ...process.env };

before(async () => {
  target.listen(0, '127.0.0.1');
  await new Promise((resolve) => target.once('listening', resolve));
  const section = {
    baseUrl: `http://127.0.0.1:${(target.address() as AddressInfo).port}`,
    token: 'tok',
    webhook: { listen: '127.0.0.1:1' },
    bot: { slowQuery: 'a slow one' },
    paths: CHAT_API_DEFAULTS.paths,
  };
  const file = join(dir, 'resolved.json');
  writeFileSync(file, JSON.stringify({ [DEFAULT_RUN]: { name: 'head start', apis: { 'jaicp-chat': section } } }));
  process.env[RESOLVED_ENV] = file;
});
after(() => target.close());
afterEach(() => {
  received = [];
  drop = false;
  for (const name of [HEAD_START_ENV, GREP_ENV, 'CONFORMANCE_WAITING_WORKERS']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** A collected test of the profile, as the runner's reporters see it. */
function collected(title: string, profile = 'jaicp-chat'): TestCase {
  return {
    title,
    annotations: [{ type: API_ANNOTATION, description: profile }],
    titlePath: () => ['', 'waiting', 'chat-api/waits.spec.ts', profile, 'waits on the target', title],
    parent: { project: () => ({ name: 'waiting' }) },
  } as unknown as TestCase;
}

/** A reporter that has seen the run's tests. */
async function begun(...tests: TestCase[]) {
  const reporter = new HeadStartReporter();
  await reporter.listening;
  reporter.onBegin({} as FullConfig, { allTests: () => tests } as unknown as Suite);
  return reporter;
}

test('the first request goes as the tests are known, and the first worker to ask takes it over, once', { timeout: 10_000 }, async () => {
  const first = new Promise<void>((resolve) => (arrived = resolve));
  const reporter = await begun(collected(WAITS_TEST), collected('another test'));
  try {
    await first; // sent before any worker asked
    assert.equal(received.length, 1, 'one request, for the one test that has a head start');
    const sent = JSON.parse(received[0].body) as { clientId: string; query: string };
    assert.equal(sent.query, 'a slow one');
    assert.equal(received[0].path, '/chatapi/tok/async');
    assert.ok(process.env[HEAD_START_ENV], 'workers are told where to ask');
    const started = await takeOverHeadStart('jaicp-chat', SLOW_REQUEST.name);
    assert.ok(started, 'taken over');
    assert.equal(started.reply.status, 202);
    assert.equal(started.reply.exchange.requestBody, received[0].body, "its exchange is the request's");
    assert.equal(started.context.clientId, sent.clientId, 'the test learns the client it was sent for');
    assert.ok(started.sentAt <= started.answeredAt);
    assert.equal(await takeOverHeadStart('jaicp-chat', SLOW_REQUEST.name), undefined, 'a second asker (a retry) sends its own');
    assert.equal(await takeOverHeadStart('aimylogic-chat', SLOW_REQUEST.name), undefined, 'none for a profile whose test the run has not');
  } finally {
    await reporter.onEnd();
  }
});

test('nothing is sent for a test the run takes for other observations, nor where it has no worker of its own', async () => {
  process.env[GREP_ENV] = '@events\\.ts-filter';
  await (await begun(collected(WAITS_TEST))).onEnd();
  process.env[GREP_ENV] = '@async\\.timeout-event';
  process.env.CONFORMANCE_WAITING_WORKERS = '0';
  await (await begun(collected(WAITS_TEST))).onEnd();
  assert.equal(received.length, 0);
  assert.equal(process.env[HEAD_START_ENV], undefined, 'workers are told of none');
});

test('a head start whose request failed is not handed over: the test sends its own', async () => {
  drop = true;
  const reporter = await begun(collected(WAITS_TEST));
  try {
    assert.equal(await takeOverHeadStart('jaicp-chat', SLOW_REQUEST.name), undefined);
    assert.ok(received.length >= 1, 'it was sent');
  } finally {
    await reporter.onEnd();
  }
});
