// What a real deployment asks of the harness, piece by piece: the pace (Retry-After in seconds or
// as a date of the target's clock, back-off, a rate that halves and recovers, a bound on the wait),
// the target's clock learnt from Date headers and from the application's own timestamps (and the
// report saying when the two disagree), durations and budgets, and case loops that stop in
// time and say how far they got, with the first failing case whatever the concurrency.
import './support/setup.ts';
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createNetServer, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { budgetSpent, loopDeadline, parseDuration, runCases, testTimeoutMs } from '../lib/budget.ts';
import { backoffMs, COUNTED_HEADROOM, HEADROOM, isThrottle, MAX_PASSED_OVER_MS, Pacer, pacers, PacingGaveUp, policyRate, retryAfterMs } from '../lib/pacing.ts';
import { runSuite } from '../lib/runSuite.ts';
import { startSecretProxy, PROXY_ERROR_KIND_HEADER } from '../lib/secretProxy.ts';
import { buildReport, describeDriving } from '../lib/conformanceReport.ts';
import { startEmbeddedReference } from '../lib/embeddedReference.ts';
import type { HttpClient } from '../lib/httpClient.ts';
import { preflightOf, unusable } from '../lib/reachability.ts';
import { adapters } from '../lib/registry.ts';
import { clocksApart, describeOffset, parseStamp, ServerClock } from '../lib/serverClock.ts';
import { APPLICATION_CLOCK_APART_MS } from '../reference/chat-api/index.ts';
import { ChatApi } from '../specs/chat-api/chatApi.ts';
import { withChatDefaults } from '../specs/chat-api/target.ts';

test("Retry-After is read as seconds, or as an HTTP date against the answer's own Date", () => {
  assert.equal(retryAfterMs('3', undefined), 3000);
  const date = 'Tue, 01 Dec 2026 10:00:00 GMT';
  // The target's clock says 10:00:00 and asks to come back at 10:00:05: five seconds, whatever our clock says.
  assert.equal(retryAfterMs('Tue, 01 Dec 2026 10:00:05 GMT', date, Date.parse('2030-01-01')), 5000);
  assert.equal(retryAfterMs('Tue, 01 Dec 2026 10:00:05 GMT', undefined, Date.parse(date)), 5000);
  assert.equal(retryAfterMs('soon', undefined), undefined);
  assert.equal(retryAfterMs(undefined, undefined), undefined);
  assert.ok(isThrottle(429, undefined) && isThrottle(503, '1') && !isThrottle(503, undefined) && !isThrottle(500, '1'));
});

test('back-off has full jitter and a cap', () => {
  assert.equal(
    backoffMs(0, () => 0),
    0,
  );
  assert.equal(
    backoffMs(2, () => 1),
    1000,
  );
  assert.equal(
    backoffMs(20, () => 1),
    15_000,
  );
});

test('a declared rate spaces requests; a refusal halves the rate reached, once a second, and pauses everyone', async () => {
  const paced = new Pacer({ requestsPerSecond: 20 });
  const started = Date.now();
  for (let i = 0; i < 5; i++) (await paced.acquire(Date.now() + 5000))();
  assert.ok(Date.now() - started >= 4 * 50 - 5, `five requests at 20/s take 200 ms (took ${Date.now() - started})`);

  const adaptive = new Pacer();
  for (let i = 0; i < 10; i++) (await adaptive.acquire(Date.now() + 5000))();
  adaptive.throttled(0, 100);
  assert.equal(adaptive.stats.rate, 5, 'ten requests in the last second, halved');
  adaptive.throttled(1, 100);
  assert.equal(adaptive.stats.rate, 5, 'the requests refused together lower it once');
  const before = Date.now();
  (await adaptive.acquire(Date.now() + 5000))();
  assert.ok(Date.now() - before >= 90, 'the next request waits what the target asked');
  assert.equal(adaptive.stats.throttled, 2);
});

test('a refusal after answers holds just under what the target took in the second before; a RateLimit-Policy is held to at once', async () => {
  const learning = new Pacer();
  for (let i = 0; i < 20; i++) {
    (await learning.acquire(Date.now() + 5000))();
    learning.answered();
  }
  learning.throttled(0, 0);
  assert.equal(learning.stats.learnedRate, 20, 'it took twenty in the last second');
  assert.equal(learning.stats.rate, 20 * HEADROOM, 'held just under, not halved');
  learning.answered();
  assert.equal(learning.stats.rate, 20 * HEADROOM, 'and it does not climb back past it');

  // Answers lag their requests: those still in flight when the refusal comes were taken too.
  const lagging = new Pacer();
  for (let i = 0; i < 12; i++) {
    (await lagging.acquire(Date.now() + 5000))();
    lagging.answered();
  }
  const inFlight = await Promise.all(Array.from({ length: 8 }, () => lagging.acquire(Date.now() + 5000)));
  lagging.throttled(0, 0);
  assert.equal(lagging.stats.learnedRate, 20, 'twelve answered and eight in flight');
  inFlight.forEach((release) => release());
  // Refused at its own pace, the target allows less than that pace, however many were in flight.
  const pacedRefused = new Pacer({ requestsPerSecond: 10 });
  const many = await Promise.all(Array.from({ length: 15 }, () => pacedRefused.acquire(Date.now() + 5000)));
  pacedRefused.throttled(0, 0);
  assert.equal(pacedRefused.stats.learnedRate, 10);
  assert.equal(pacedRefused.stats.rate, 10 * HEADROOM);
  many.forEach((release) => release());

  const stated = new Pacer();
  stated.answered(policyRate('"default";q=50;w=2'));
  assert.equal(stated.stats.learnedRate, 25);
  assert.equal(stated.stats.rate, 25 * HEADROOM, 'before any refusal');
  assert.equal(new Pacer({ requestsPerSecond: 10 }).stats.rate, 10);
  const declaredLower = new Pacer({ requestsPerSecond: 10 });
  declaredLower.answered(25);
  assert.equal(declaredLower.stats.rate, 10, 'a declared rate under the stated one is kept');
  assert.deepEqual(
    [policyRate('25;w=1'), policyRate('q=100;w=60, q=10;w=1'), policyRate('garbage'), policyRate(undefined)],
    [25, 100 / 60, undefined, undefined],
  );
});

test('once every request in flight at a refusal is answered, what the target took in that second of its own clock replaces a higher estimate, down to half of it', async () => {
  const second = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s)).toUTCString();
  const pacer = new Pacer();
  /** A request answered by the target, its Date header in that second. */
  const taken = async (s: number) => {
    (await pacer.acquire(Date.now() + 5000))();
    pacer.answered(undefined, second(s));
  };
  const refuse = (release: () => void, s = 10) => {
    release();
    pacer.throttled(0, 0, second(s));
  };
  // A fixed window of 25 a second: the end of one second's and all of the next one's, taken before it refused.
  for (let i = 0; i < 20; i++) await taken(9);
  for (let i = 0; i < 25; i++) await taken(10);
  const inFlight = await Promise.all(Array.from({ length: 5 }, () => pacer.acquire(Date.now() + 5000)));
  refuse(await pacer.acquire(Date.now() + 5000));
  assert.equal(pacer.stats.learnedRate, 50, 'at first, what it took in the last second of ours and what was in flight');
  for (const release of inFlight.slice(1)) refuse(release);
  assert.equal(pacer.stats.learnedRate, 50, 'not while a request sent before the refusal is unanswered');
  refuse(inFlight[0]);
  assert.equal(pacer.stats.learnedRate, 25, 'then what it took in the second in which it refused');
  assert.equal(pacer.stats.rate, 25 * COUNTED_HEADROOM);

  // Refused at that pace (its window and ours drifted): the target allows less than the pace, whatever its second showed.
  for (let i = 0; i < 25; i++) await taken(20);
  refuse(await pacer.acquire(Date.now() + 5000), 20);
  const learnt = pacer.stats.learnedRate!;
  assert.ok(learnt < 25, `lowered to what it took in our last second (${learnt})`);
  assert.equal(pacer.stats.rate, learnt * HEADROOM);
});

test('a request the target held open until the harness let go, in flight at a refusal or let go within the second before it, counts as taken in that second', async () => {
  const second = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s)).toUTCString();
  /** What a pacer learns when, in a 25/s window, 24 answers are dated and a poll held open is the 25th. */
  const learnt = async (held: boolean, letGo: 'before the refusal' | 'after it' = 'after it') => {
    const pacer = new Pacer();
    for (let i = 0; i < 20; i++) {
      (await pacer.acquire(Date.now() + 5000))();
      pacer.answered(undefined, second(9));
    }
    const poll = await pacer.acquire(Date.now() + 5000);
    for (let i = 0; i < 24; i++) {
      (await pacer.acquire(Date.now() + 5000))();
      pacer.answered(undefined, second(10));
    }
    if (letGo === 'before the refusal') poll(held);
    (await pacer.acquire(Date.now() + 5000))();
    pacer.throttled(0, 0, second(10));
    if (letGo === 'after it') {
      assert.equal(pacer.stats.learnedRate, 45, 'at first, what it took in the last second of ours and what was in flight');
      poll(held);
    }
    (await pacer.acquire(Date.now() + 5000))();
    pacer.answered(undefined, second(12));
    return pacer.stats;
  };
  const held = await learnt(true);
  assert.equal(held.learnedRate, 25, 'the 24 answers dated in that second and the poll it held');
  assert.equal(held.rate, 25 * COUNTED_HEADROOM);
  assert.equal((await learnt(false)).learnedRate, 24, 'a request that failed without being held is not counted');
  // Let go just before the refusal came (a blocking poll's bound ended first): the target took it all the same.
  assert.equal((await learnt(true, 'before the refusal')).learnedRate, 25, 'a poll held and let go just before the refusal');
  assert.equal((await learnt(false, 'before the refusal')).learnedRate, 24);
});

test('a request held open and let go just before the first refusal is part of the first estimate, so that the count of that second is not refused as higher', async () => {
  const second = new Date(Date.UTC(2026, 11, 3, 12, 0, 10)).toUTCString();
  const pacer = new Pacer();
  const poll = await pacer.acquire(Date.now() + 5000);
  for (let i = 0; i < 24; i++) {
    (await pacer.acquire(Date.now() + 5000))();
    pacer.answered(undefined, second);
  }
  poll(true);
  (await pacer.acquire(Date.now() + 5000))();
  pacer.throttled(0, 0, second);
  assert.equal(pacer.stats.learnedRate, 25, 'the 24 answers and the poll: not 24, under the count of 25');
});

test('a request held open is counted once, in one refused second, and only if sent within the second before the refusal', async () => {
  const second = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s)).toUTCString();
  const pacer = new Pacer();
  const letGoBefore = await pacer.acquire(Date.now() + 5000);
  const letGoAfter = await pacer.acquire(Date.now() + 5000);
  for (let i = 0; i < 23; i++) {
    (await pacer.acquire(Date.now() + 5000))();
    pacer.answered(undefined, second(10));
  }
  letGoBefore(true);
  pacer.throttled(0, 0, second(10));
  letGoAfter(true);
  assert.equal(pacer.stats.learnedRate, 25, 'second 10: 23 answers, a poll let go before the refusal and one after');
  // The next second's refusal counts its own answers: neither poll again.
  for (let i = 0; i < 20; i++) pacer.answered(undefined, second(11));
  pacer.throttled(0, 0, second(11));
  assert.equal(pacer.stats.learnedRate, 20, 'second 11: its 20 answers only');
});

test('a request held open and let go before a refusal is not counted in it when sent more than a second before', async (t) => {
  t.after(() => mock.timers.reset());
  mock.timers.enable({ apis: ['Date'], now: Date.UTC(2026, 11, 3, 12, 0, 9, 900) });
  const second = new Date(Date.UTC(2026, 11, 3, 12, 0, 11)).toUTCString();
  const pacer = new Pacer();
  const poll = await pacer.acquire(Date.now() + 5000);
  mock.timers.tick(1500);
  for (let i = 0; i < 24; i++) {
    (await pacer.acquire(Date.now() + 5000))();
    pacer.answered(undefined, second);
  }
  poll(true);
  pacer.throttled(0, 0, second);
  assert.equal(pacer.stats.learnedRate, 24, 'sent in the second before the refused one: the target took it then');
});

test('a count of the refused second under half the estimate is not taken: the Date says when the target answered, or others share its limit', async () => {
  const second = (s: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, s)).toUTCString();
  const pacer = new Pacer();
  for (let i = 0; i < 30; i++) {
    (await pacer.acquire(Date.now() + 5000))();
    pacer.answered(undefined, second(5));
  }
  const inFlight = await Promise.all(Array.from({ length: 10 }, () => pacer.acquire(Date.now() + 5000)));
  (await pacer.acquire(Date.now() + 5000))();
  pacer.throttled(0, 0, second(6));
  assert.equal(pacer.stats.learnedRate, 40);
  // Slow answers dated when they went out: three in the refused second, the rest after it.
  inFlight.forEach((release, i) => {
    release();
    pacer.answered(undefined, second(i < 3 ? 6 : 7));
  });
  assert.equal(pacer.stats.learnedRate, 40, 'three is no window of a target that took forty');
  assert.equal(pacer.stats.rate, 40 * HEADROOM);
});

test('a request waiting for its turn when a refusal comes waits out the pause it asks for', async () => {
  /** Tells a refusal asking for 300 ms once `before` has run; resolves once `waiting` got its turn, to the ms after the refusal. */
  const sentAfterRefusal = async (pacer: Pacer, waiting: Promise<() => void>, before: () => void) => {
    before();
    const refusedAt = Date.now();
    pacer.throttled(0, 300);
    (await waiting)();
    return Date.now() - refusedAt;
  };
  // Its turn at the pace was 100 ms away.
  const paced = new Pacer({ requestsPerSecond: 10 });
  (await paced.acquire(Date.now() + 5000))();
  const pacedWaiting = paced.acquire(Date.now() + 5000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  const afterPace = await sentAfterRefusal(paced, pacedWaiting, () => {});
  assert.ok(afterPace >= 295, `sent ${afterPace} ms after the refusal asked for 300`);
  // Its turn was the refused request's, freed as the proxy frees it: released, then the refusal told.
  const single = new Pacer({ concurrency: 1 });
  const refused = await single.acquire(Date.now() + 5000);
  const freed = await sentAfterRefusal(single, single.acquire(Date.now() + 5000), refused);
  assert.ok(freed >= 295, `sent ${freed} ms after the refusal asked for 300`);
});

test("a test's lone request takes the next turn, ahead of another test's loop of many", async () => {
  const pacer = new Pacer({ requestsPerSecond: 50 });
  const order: string[] = [];
  const take = (flow: string, from = pacer) => from.acquire(Date.now() + 5000, flow).then((release) => (order.push(flow), release));
  const loop = Array.from({ length: 8 }, () => take('loop'));
  await new Promise((resolve) => setTimeout(resolve, 5));
  const lone = take('lone');
  const released = await Promise.all([...loop, lone]);
  released.forEach((release) => release());
  // The loop's first went at once; of the eight queued then, the lone request came next.
  assert.deepEqual(order.slice(0, 2), ['loop', 'lone'], order.join(', '));
  // Of two loops, the turn goes to the one with fewer requests waiting or in flight.
  order.length = 0;
  const another = new Pacer({ requestsPerSecond: 50 });
  const loops = await Promise.all(['big', 'big', 'big', 'small', 'big', 'small'].map((flow) => take(flow, another)));
  loops.forEach((release) => release());
  assert.deepEqual(order, ['big', 'small', 'small', 'big', 'big', 'big']);
});

test('a request passed over for emptier flows gets its turn once it has waited too long', async () => {
  const pacer = new Pacer({ requestsPerSecond: 20 });
  const loop = [await pacer.acquire(Date.now() + 5000, 'loop'), await pacer.acquire(Date.now() + 5000, 'loop')];
  const waitingSince = Date.now();
  let loopTurnAt: number | undefined;
  const passedOver = pacer.acquire(Date.now() + 10_000, 'loop').then((release) => ((loopTurnAt = Date.now()), release));
  // Single requests of ever new tests keep arriving, each of a flow emptier than the loop's.
  let lone = 0;
  while (loopTurnAt === undefined && Date.now() - waitingSince < 5000) {
    const released = pacer.acquire(Date.now() + 10_000, `lone-${lone++}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
    void released.then((release) => release());
  }
  (await passedOver)();
  loop.forEach((release) => release());
  const waited = loopTurnAt! - waitingSince;
  assert.ok(waited >= MAX_PASSED_OVER_MS - 5 && waited < MAX_PASSED_OVER_MS + 1000, `the loop's request waited ${waited} ms`);
});

test('concurrency is kept, and a turn that cannot come within the wait is given up', async () => {
  const pacer = new Pacer({ concurrency: 1 });
  const release = await pacer.acquire(Date.now() + 1000);
  await assert.rejects(pacer.acquire(Date.now() + 50), PacingGaveUp);
  release();
  (await pacer.acquire(Date.now() + 50))();
});

test('a request withdrawn while it waits (its test ended) gives its turn to the next, and is never counted as sent', async () => {
  const pacer = new Pacer({ concurrency: 1 });
  const first = await pacer.acquire(Date.now() + 5000);
  const withdrawn = new AbortController();
  const gone = pacer.acquire(Date.now() + 5000, 'ended', withdrawn.signal);
  const next = pacer.acquire(Date.now() + 5000, 'running');
  withdrawn.abort();
  await assert.rejects(gone, PacingGaveUp);
  first();
  // The turn the withdrawn request would have taken (and held) goes to the next.
  (await next)();
  assert.equal(pacer.stats.sent, 2);
  const already = new AbortController();
  already.abort();
  await assert.rejects(pacer.acquire(Date.now() + 5000, 'late', already.signal), PacingGaveUp);
  (await pacer.acquire(Date.now() + 5000))();
});

/** A target that refuses the first `refusals` requests with 429 + Retry-After, then answers 200. */
async function refusingTarget(refusals: number, retryAfter: string): Promise<{ server: Server; url: string; seen: () => number }> {
  let seen = 0;
  const server = createServer((req, res) => {
    seen += 1;
    req.resume();
    if (seen <= refusals) res.writeHead(429, { 'retry-after': retryAfter }).end('slow down');
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen: () => seen };
}

test('the proxy retries a refused request after Retry-After and relays the answer; a target that keeps refusing stops the route, said once', async () => {
  const polite = await refusingTarget(2, '0');
  const stubborn = await refusingTarget(1000, '0');
  const said: string[] = [];
  const proxy = await startSecretProxy(new Map(), (route, message) => said.push(`${route}: ${message}`));
  proxy.routes.set('polite', { upstream: polite.url, substitutions: [] });
  proxy.routes.set('stubborn', { upstream: stubborn.url, substitutions: [] });
  try {
    const ok = await fetch(`${proxy.url}/polite/x`);
    assert.equal(ok.status, 200);
    assert.equal(polite.seen(), 3, 'two refusals, then the answer');
    const refused = await fetch(`${proxy.url}/stubborn/x`);
    assert.equal(refused.headers.get(PROXY_ERROR_KIND_HEADER), 'throttled');
    assert.equal(said.length, 1);
    assert.match(said[0], /^stubborn: the target kept asking the harness to slow down: refused 7 times: 429 \(Retry-After: 0\)/);
    const later = await fetch(`${proxy.url}/stubborn/y`);
    assert.equal(later.headers.get(PROXY_ERROR_KIND_HEADER), 'throttled', 'later requests fail at once');
    assert.equal(stubborn.seen(), 7);
  } finally {
    await proxy.close();
    polite.server.close();
    stubborn.server.close();
  }
});

test('a request whose client hangs up while it waits for its turn leaves the queue, and is never sent', async () => {
  const target = await refusingTarget(0, '0');
  const proxy = await startSecretProxy(new Map());
  // Pacers are kept by route name for the run's report: a name of this test's own.
  proxy.routes.set('hangs-up', { upstream: target.url, substitutions: [], limits: { requestsPerSecond: 2 } });
  try {
    assert.equal((await fetch(`${proxy.url}/hangs-up/first`)).status, 200);
    const pacer = pacers.get('hangs-up')!;
    const acquire = pacer.acquire.bind(pacer);
    const queued = new Promise<void>((resolve) => {
      pacer.acquire = (...args) => (resolve(), acquire(...args));
    });
    const client = new AbortController();
    const dropped = fetch(`${proxy.url}/hangs-up/dropped`, { signal: client.signal });
    await queued;
    client.abort();
    await assert.rejects(dropped);
    assert.equal((await fetch(`${proxy.url}/hangs-up/after`)).status, 200);
    assert.equal(target.seen(), 2, 'the first request and the one after, not the dropped one');
    // Before, the dropped request waited for its turn and took it (sending nothing).
    assert.equal(pacer.stats.sent, 2, 'no turn was spent on the dropped request');
  } finally {
    await proxy.close();
    target.server.close();
  }
});

test("the target's clock is bounded by its Date headers, whatever ours says", () => {
  const clock = new ServerClock();
  assert.equal(clock.offset(), undefined);
  clock.declare({ low: -100, high: 100 });
  assert.deepEqual(clock.offset(), { low: -100, high: 100 }, 'the declared offset, while no Date was seen');
  // Our 12:00:00.000 to 12:00:00.200; the target stamped 12:00:07 (seven seconds ahead).
  const ours = Date.parse('2026-12-01T12:00:00.000Z');
  clock.observe(ours, ours + 200, new Date(ours + 7000).toUTCString());
  const o = clock.offset()!;
  assert.ok(o.low <= 7000 && o.high >= 7000 && o.high - o.low <= 1200, JSON.stringify(o));
  assert.equal(clock.earliest(ours), ours + o.low);
  assert.match(describeOffset(o), /^\+7\.\d s ± 0\.\d s$/);
  clock.observe(ours + 5000, ours + 5100, 'not a date');
  assert.deepEqual(clock.offset(), o, 'an answer without a usable Date changes nothing');
});

test('a stamp is read to its resolution, in its zone or (naming none) as UTC', () => {
  const at = Date.parse('2022-09-28T12:32:13.262Z');
  assert.deepEqual(parseStamp('2022-09-28T12:32:13.262'), { at, resolutionMs: 1, zoned: false }, "seed 000's timestamp");
  assert.deepEqual(parseStamp('2022-09-28T15:32:13.262+03:00'), { at, resolutionMs: 1, zoned: true });
  assert.deepEqual(parseStamp('2022-09-28T15:32:13.262123+0300'), { at, resolutionMs: 1, zoned: true }, 'microseconds cut to milliseconds');
  assert.deepEqual(parseStamp('2022-09-28T12:32:13.2Z'), { at: at - 62, resolutionMs: 100, zoned: true });
  assert.deepEqual(parseStamp('2022-09-28T12:32:13Z'), { at: at - 262, resolutionMs: 1000, zoned: true });
  assert.deepEqual(parseStamp('2022-09-28T12:32'), { at: at - 13_262, resolutionMs: 60_000, zoned: false });
  assert.equal(parseStamp('yesterday'), undefined);
  assert.equal(parseStamp('2022-13-45T99:99:99'), undefined);
});

test("the answers' own timestamps bound the application's clock apart from the Date header's; instants hold on either", () => {
  const ours = Date.parse('2026-12-01T12:00:00.000Z');
  // A front proxy stamps Date on our clock; the application stamps its answers 2 s behind it.
  const clock = new ServerClock();
  clock.observe(ours, ours + 40, new Date(ours).toUTCString());
  clock.observeStamp(ours, ours + 40, new Date(ours - 2000 + 10).toISOString());
  const [date, stamps] = [clock.dateOffset()!, clock.stampOffset()!];
  assert.ok(date.low <= 0 && date.high >= 0, JSON.stringify(date));
  assert.deepEqual(stamps, { low: -2030, high: -1989 });
  assert.deepEqual(clock.offset(), { low: -2030, high: date.high }, 'the bounds of both clocks at once');
  assert.equal(clock.earliest(ours), ours - 2030, 'a ts "before everything" is before it on either clock');
  assert.equal(clock.latest(ours), ours + date.high, 'and an instant "after" is after it on either');
  assert.ok(Math.abs(clocksApart(date, stamps)! + 2000) < 600, 'the two cannot be one clock');
  // Later stamps narrow the bounds, as Date headers do.
  clock.observeStamp(ours + 1000, ours + 1005, new Date(ours + 1000 - 2000 + 1).toISOString());
  assert.deepEqual(clock.stampOffset(), { low: -2004, high: -1998 });

  // One clock for both: their bounds overlap, nothing disagrees, and the stamps take the place of the slack without a Date header.
  const one = new ServerClock();
  one.observe(ours, ours + 40, new Date(ours + 7000).toUTCString());
  one.observeStamp(ours, ours + 40, new Date(ours + 7020).toISOString());
  assert.equal(clocksApart(one.dateOffset(), one.stampOffset()), undefined);
  assert.deepEqual(one.offset(), one.dateOffset(), 'stamps within the Date bounds widen nothing');
  const undated = new ServerClock();
  undated.observeStamp(ours, ours + 40, new Date(ours + 7020).toISOString());
  assert.deepEqual(undated.offset(), { low: 6980, high: 7021 });
  undated.observeStamp(ours, ours + 40, 'not a time');
  assert.deepEqual(undated.offset(), { low: 6980, high: 7021 }, 'a stamp that is no time changes nothing');
});

test('a ts between two requests is past both clocks before the next; clocks too far apart are not judged', async () => {
  const chatWith = (clock: ServerClock) =>
    new ChatApi({ clock } as unknown as HttpClient, withChatDefaults({ baseUrl: 'http://127.0.0.1:9', token: 't', timing: { clockToleranceMs: 0 } }));
  const unknown = new ServerClock();
  assert.match(chatWith(unknown).noInstantBetween() ?? '', /no Date header, its answers carry no timestamp/);
  // The Date header's clock is ours (declared exactly, for the test); the application runs 300 ms behind it.
  const clock = new ServerClock();
  clock.declare({ low: 0, high: 0 });
  const answeredAt = Date.now();
  clock.observeStamp(answeredAt - 1, answeredAt, new Date(answeredAt - 300).toISOString());
  const chat = chatWith(clock);
  assert.equal(chat.noInstantBetween(), undefined);
  const ts = await chat.targetInstantBetween(answeredAt);
  const now = Date.now();
  assert.ok(ts >= answeredAt, "after everything answered on the Date header's clock");
  assert.ok(now - 300 >= ts, `and the application's clock had passed it too before the next request (${now - 300 - ts} ms)`);
  clock.observeStamp(now, now + 1, new Date(now - 20_000).toISOString());
  assert.match(chat.noInstantBetween() ?? '', /known only to −10\.0 s ± 10\.0 s .*would wait longer than 15 s/);
});

test("timestamps that name no zone are read in the zone nearest the Date header's clock", () => {
  const ours = Date.parse('2026-12-01T12:00:00.000Z');
  const moscow = 3 * 3_600_000;
  const zoneless = (ms: number) => new Date(ms).toISOString().replace('Z', '');
  // Moscow wall time, the application 2 s behind the proxy stamping Date (itself 30 s behind us).
  const clock = new ServerClock();
  clock.observe(ours, ours + 40, new Date(ours - 30_000).toUTCString());
  clock.observeStamp(ours, ours + 40, zoneless(ours - 32_000 + moscow + 10));
  assert.deepEqual(clock.stampOffset(), { low: -32_030, high: -31_989, zoneMs: moscow });
  // A zone west of UTC, named in the stamp: read as it says, whatever the Date header.
  const zoned = new ServerClock();
  zoned.observe(ours, ours + 40, new Date(ours).toUTCString());
  zoned.observeStamp(ours, ours + 40, '2026-12-01T06:30:00.010-05:30');
  assert.deepEqual(zoned.stampOffset(), { low: -30, high: 11 });
  // No Date header: the declared offset is the reference, else our clock.
  const declared = new ServerClock();
  declared.declare({ low: 59_000, high: 61_000 });
  declared.observeStamp(ours, ours + 40, zoneless(ours + 60_000 + moscow));
  assert.deepEqual(declared.stampOffset(), { low: 59_960, high: 60_001, zoneMs: moscow });
});

test("the preflight reads the application's clock from the Chat API's answer, and the report says when it is not the Date header's", async () => {
  const chat = adapters().filter((a) => a.name === 'chat-api');
  for (const variants of ['chat-app-clock-apart', '']) {
    const reference = await startEmbeddedReference({ only: chat, faults: '', variants, env: {} });
    try {
      for (const profile of ['jaicp-chat', 'aimylogic-chat']) {
        const apart = variants ? APPLICATION_CLOCK_APART_MS[profile] : 0;
        const found = await preflightOf(profile, reference.target.apis[profile]!);
        assert.ok(found.clock && found.applicationClock, profile);
        assert.ok(
          Math.abs((found.applicationClock.low + found.applicationClock.high) / 2 - apart) < 200,
          `${profile} ${variants}: ${JSON.stringify(found.applicationClock)}`,
        );
        const target = { ...reference.target, measured: { [profile]: found } };
        const driving = buildReport({ target, profiles: [profile], tests: [], untestedBecause: new Map() }).driving![profile];
        if (apart) {
          assert.match(
            driving.clocksDisagree ?? '',
            new RegExp(`^its timestamps run about [12]\\.\\d s ${apart > 0 ? 'ahead of' : 'behind'} its Date header's clock`),
            profile,
          );
          assert.match(describeDriving(driving), /; application clock [+−]2\.0 s ± 0\.\d s — its timestamps run /);
        } else {
          assert.equal(driving.clocksDisagree, undefined, 'one clock: nothing to say');
          assert.match(describeDriving(driving), /; application clock [+−]0\.0 s ± 0\.\d s$/);
        }
      }
    } finally {
      await reference.close();
    }
  }
});

test('durations, and test timeouts from latency and budget', () => {
  assert.equal(parseDuration('90s'), 90_000);
  assert.equal(parseDuration('15m'), 900_000);
  assert.equal(parseDuration('1.5h'), 5_400_000);
  assert.equal(parseDuration('250ms'), 250);
  assert.equal(parseDuration('30'), 30_000);
  assert.equal(parseDuration('soon'), undefined);
  assert.equal(parseDuration('0s'), undefined);
  assert.equal(testTimeoutMs(2, 0, undefined), 60_000);
  assert.equal(testTimeoutMs(400, 0, undefined), 120_000, 'three hundred requests at the measured latency');
  assert.equal(testTimeoutMs(400, 0, 30_000), 30_000, 'never past the budget');
  assert.equal(budgetSpent(0, undefined), false, 'no budget, never spent');
  assert.equal(budgetSpent(29_500, 30_000), true, 'less than a second left: the next test is skipped, not started to time out');
  assert.equal(budgetSpent(20_000, 30_000), false);
  assert.deepEqual(loopDeadline(0, 100_000, 50_000), { at: 30_000, why: "the run's budget ran out" });
  assert.equal(loopDeadline(0, 100_000, undefined).at, 80_000);
});

test('a case loop keeps the order, stops at its deadline saying how far it got, and reports the lowest failing case', async () => {
  const started: number[] = [];
  const all = await runCases([1, 2, 3, 4, 5, 6], async (n) => void started.push(n), { concurrency: 3, until: { at: Date.now() + 60_000, why: 'x' } });
  assert.deepEqual(all, { checked: 6, total: 6 });
  assert.deepEqual(started.slice(0, 3), [1, 2, 3]);

  const stopped = await runCases([1, 2, 3], async () => {}, { concurrency: 1, until: { at: Date.now() - 1, why: "the test's time ran out" } });
  assert.deepEqual(stopped, { checked: 0, total: 3, stopped: "the test's time ran out" });

  const failing = runCases(
    [30, 5, 1, 50],
    async (ms, i) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      if (i >= 1) throw new Error(`case ${i}`);
    },
    { concurrency: 4, until: { at: Date.now() + 60_000, why: 'x' } },
  );
  await assert.rejects(failing, /case 1/, 'case 2 fails first in time, case 1 is reported');
});

test('a run whose budget runs out passes the loops on the cases they checked, says how many, and fails nothing', async () => {
  const root = mkdtempSync(join(tmpdir(), 'budget-'));
  // The budget leaves a busy runner time to start the run and reach the loop (about 10 s at a load of 8
  // on 2 cores), and no machine can finish the loop in it: 2 × 750 cases, 8 at a time, each answered in
  // 150 ms at the fastest, take over 28 s, more than the loop's at most 25 s (the budget less its 5 s reserve).
  const run = await runSuite({
    reportDir: root,
    env: { REFERENCE_VARIANTS: 'slow-answers', CONFORMANCE_CASES: '750' },
    command: ['tsx', 'bin/conformance.ts', '--api', 'jaicp-chat', '--grep', 'generated queries', '--budget', '30s'],
  });
  assert.equal(run.exitCode, 0, run.output.slice(-3000));
  const query = run.report!.requirements.find((r) => r.id === 'jaicp-chat.sync.text-query')!;
  assert.equal(query.status, 'passed', JSON.stringify(query));
  assert.ok(query.coverage && query.coverage.checked > 0 && query.coverage.checked < query.coverage.total, JSON.stringify(query.coverage));
  assert.equal(query.coverage.stopped, "the run's budget ran out");
  assert.match(run.output, /jaicp-chat\.sync\.text-query passed on \d+ of 1500 generated cases: the run's budget ran out/);
  assert.doesNotMatch(run.output, /✗/, "the console blames the target for none of the harness's own stops");
  assert.match(run.output, /jaicp-chat: latency \d+ ms; clock [+−]\d/);
});

test("a deployment over https: a private CA's certificate is said untrusted, with how to trust it, and trusted that way the run uses it; https on a plain port, and http on a TLS one, are said so", async () => {
  // A certificate for 127.0.0.1 that signs itself (tests/support/tls, made for these tests only), in front of the Lia reference.
  const tls = (file: string) => fileURLToPath(new URL(`./support/tls/${file}`, import.meta.url));
  const reference = await startEmbeddedReference({ env: {} });
  const lia = reference.target.apis.lia!;
  const plain = new URL(lia.baseUrl);
  const [key, cert] = [readFileSync(tls('key.pem')), readFileSync(tls('cert.pem'))];
  const front = createTlsServer({ key, cert }, (req, res) => {
    const onward = request(new URL(req.url ?? '/', plain.origin), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    onward.on('error', () => res.destroy());
    req.pipe(onward);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  try {
    const baseUrl = `https://127.0.0.1:${(front.address() as AddressInfo).port}${plain.pathname.replace(/\/$/, '')}`;
    assert.match(
      (await unusable('lia', { ...lia, baseUrl }))?.said ?? '',
      /the server's TLS certificate is not trusted: self-signed certificate \(DEPTH_ZERO_SELF_SIGNED_CERT\); a private CA's certificate is trusted with NODE_EXTRA_CA_CERTS=<its PEM file>$/,
    );
    assert.match(
      (await unusable('lia', { ...lia, baseUrl: baseUrl.replace(/^https:/, 'http:') }))?.said ?? '',
      /^speaks TLS on 127\.0\.0\.1:\d+ \(in plain HTTP, POST \/api\/v1\/handling\/event\?key=\{key\}: the connection .*\): is the baseUrl https:\/\/, not http:\/\/\?$/,
    );
    // As nginx does: TLS on its port, and a plain request answered 400 with a page.
    const plainSide = createServer((_req, res) =>
      res.writeHead(400, { 'content-type': 'text/html' }).end('<center>The plain HTTP request was sent to HTTPS port</center>'),
    );
    const nginxLike = createNetServer((socket) =>
      socket.once('data', (first) => {
        socket.unshift(first);
        if (first[0] !== 0x16) return void plainSide.emit('connection', socket);
        // Through a stream, not the socket's handle, which would skip the bytes put back.
        new TLSSocket(Duplex.from({ readable: socket, writable: socket }) as Socket, { isServer: true, key, cert }).on('error', () => socket.destroy());
      }),
    );
    await new Promise<void>((resolve) => nginxLike.listen(0, '127.0.0.1', resolve));
    try {
      assert.match(
        (await unusable('lia', { ...lia, baseUrl: `http://127.0.0.1:${(nginxLike.address() as AddressInfo).port}` }))?.said ?? '',
        /^speaks TLS on 127\.0\.0\.1:\d+ \(in plain HTTP, POST \/api\/v1\/handling\/event\?key=\{key\} was answered 400\): is the baseUrl https:\/\/, not http:\/\/\?$/,
      );
    } finally {
      nginxLike.close();
    }
    assert.match(
      (await unusable('lia', { ...lia, baseUrl: lia.baseUrl.replace(/^http:/, 'https:') }))?.said ?? '',
      /the server does not speak TLS on this port \(OpenSSL: wrong version number\): is the baseUrl http:\/\/, not https:\/\/\?$/,
    );

    const root = mkdtempSync(join(tmpdir(), 'https-'));
    const file = join(root, 'target.json');
    writeFileSync(file, JSON.stringify({ name: 'staging over https', apis: { lia: { ...lia, baseUrl } } }));
    const run = await runSuite({
      reportDir: root,
      env: { NODE_EXTRA_CA_CERTS: tls('cert.pem') },
      command: ['tsx', 'bin/conformance.ts', '--target', file, '--grep', 'channel key'],
    });
    assert.equal(run.exitCode, 0, run.output.slice(-3000));
    assert.equal(run.report!.requirements.find((r) => r.id === 'lia.auth.key')?.status, 'passed');
  } finally {
    await new Promise((resolve) => front.close(resolve));
    await reference.close();
  }
});
