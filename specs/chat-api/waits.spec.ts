// The Chat API's mandated waits (specs/chat-api/waits.ts): each observation waits on an event that a
// correct target makes happen only after some time, or never. They are independent (each its own
// client), so one test observes them at once: a profile's waits then take its longest, the timeout
// event's ruler, on one worker, instead of holding a worker each (npm run bench: a worker's start
// costs 0.5-0.7 s of a core, and two more per profile delayed every test of the run).
import { setTimeout as delay } from 'node:timers/promises';
import type { Delivery, SinkPlan } from '../../lib/webhookSink.ts';
import type { WebhookSinkClient } from '../../lib/webhookSinkClient.ts';
import { holdsValue, mentions } from '../../lib/jsonSearch.ts';
import { isAccepted } from '../../lib/expectations.ts';
import { inObservation } from '../../lib/caseEvidence.ts';
import { NOT_OBSERVED, NotJudged, recordVerdict, verdictsOf } from '../../lib/verdict.ts';
import type { CheckFn } from '../../fixtures/conformance.ts';
import { ChatApi, expect, test } from './chatApi.ts';
import type { ChatApiTarget } from './target.ts';
import { CHAT_WAITING_REQUIREMENTS, TIMEOUT_RULER_WAITS, WAITS_TEST } from './waits.ts';
import { answerTextsOf, carriesAnswer, deliveriesUntil, deliveryBound, describeDeliveries, itemsOf } from './webhook.ts';

/** What an observation uses of the test's fixtures. */
interface Fixtures {
  chat: ChatApi;
  chatTarget: ChatApiTarget;
  softCheck: CheckFn;
  sink: WebhookSinkClient;
  testTiming: { leftMs: () => number };
}

/** How many distinct items carrying an answer the deliveries hold: a server may put several answers in one delivery. */
const answersIn = (ds: Delivery[]) =>
  new Set(
    ds
      .flatMap(itemsOf)
      .filter((item) => answerTextsOf(item).length > 0)
      .map((item) => JSON.stringify(item)),
  ).size;

/**
 * The delivery of the answer to a plain async request of a new client, sent `afterMs` from now
 * (time passing is the stimulus: the server receives the request only after then), with the
 * request's answer; no delivery when none carrying an answer came within `leftMs()` of the test.
 */
async function rulerAnswer(chat: ChatApi, sink: WebhookSinkClient, afterMs: number, leftMs: () => number) {
  await delay(afterMs);
  const clientId = ChatApi.newClientId();
  const reply = await chat.async({ clientId, query: `ruler ${ChatApi.newCid()}` });
  const deliveries = isAccepted(reply) ? await deliveriesUntil(sink, clientId, (ds) => ds.some(carriesAnswer), Math.max(0, leftMs())) : [];
  return { reply, deliveries, answer: deliveries.find(carriesAnswer) };
}

/**
 * A client's delivery attempts: the first (awaited as any first delivery is), then every one that
 * comes in the retry window after it, up to `atMost`. The window is counted from the first attempt,
 * on the sink's clock: the request's way to the target and the bot's answer are not the retries'
 * time, and on a busy runner they alone can take longer than a declared window.
 */
async function attempts(sink: WebhookSinkClient, clientId: string, atMost: number, windowMs: number): Promise<Delivery[]> {
  const first = await sink.waitFor(clientId, 1, deliveryBound(windowMs));
  return first.length === 0 ? first : sink.waitFor(clientId, atMost, windowMs);
}

/** A check that cannot be judged here, recorded skipped while the test's other observations go on. */
const notJudged = (f: Fixtures, key: string, reason: string) =>
  f.softCheck(key, async () => {
    throw new NotJudged(reason);
  });

async function concurrentRequests({ chat, chatTarget, softCheck, sink, testTiming }: Fixtures) {
  const clientId = ChatApi.newClientId();
  const slowQuery = chatTarget.bot.slowQuery;
  const send = (query: string) => chat.async({ clientId, query });
  // The slow query keeps a request of the client in flight while the others go; without it, all go at once.
  const others = slowQuery ? ['concurrent one', 'concurrent two'] : ['concurrent one', 'concurrent two', 'concurrent three'];
  const queries = slowQuery ? [slowQuery, ...others] : others;
  await softCheck('async.concurrent-requests', async () => {
    await test.step('«You can send new requests without waiting for the server to finish processing the previous ones»: every one is accepted', async () => {
      const replies = slowQuery ? [await send(slowQuery), ...(await Promise.all(others.map(send)))] : await Promise.all(others.map(send));
      replies.forEach((reply, i) => expect(reply).toBe2xx(`async request ${i + 1} of ${queries.length} ("${queries[i]}")`));
    });
    await test.step('each is answered at the webhook', async () => {
      // A server may answer them one after another, behind the slow one: the wait is the test's time, not a fixed bound.
      const bound = Math.max(deliveryBound(chatTarget.timing.webhookRetryWindowMs), testTiming.leftMs());
      const answered = await deliveriesUntil(sink, clientId, (ds) => answersIn(ds) >= queries.length, bound);
      expect(
        answersIn(answered),
        `an item with the bot's answer for each of the ${queries.length} requests\n${describeDeliveries(answered)}`,
      ).toBeGreaterThanOrEqual(queries.length);
    });
  });
}

async function webhookRetries({ chat, chatTarget, softCheck, sink }: Fixtures) {
  const window = chatTarget.timing.webhookRetryWindowMs;
  await softCheck('async.webhook-retry', async () => {
    const observe = async (plan: SinkPlan | undefined, query: string, atMost: number) => {
      const clientId = ChatApi.newClientId();
      if (plan) await sink.plan(clientId, plan);
      expect(await chat.async({ clientId, query })).toBe2xx('async request');
      // Waiting for one attempt more than is due, which must not come: bounded by the declared window.
      return attempts(sink, clientId, atMost, window);
    };
    // The three deliveries are observed at once, so the check waits one window, not three.
    const [everyFails, secondSucceeds, firstSucceeds] = await Promise.all([
      observe({ failFirst: 1000, failStatus: 500 }, 'retry me', 5),
      observe({ failFirst: 1, failStatus: 503 }, 'retry once', 3),
      observe(undefined, 'no retry', 2),
    ]);
    await test.step('«запрос будет отправлен повторно еще три раза»: every attempt fails → exactly 1 + 3 attempts within the window', async () => {
      expect(everyFails.length, `exactly 4 attempts within ${window} ms\n${describeDeliveries(everyFails)}`).toBe(4);
      expect(everyFails[3].receivedAt - everyFails[0].receivedAt, 'the last retry falls within the declared window of the first attempt').toBeLessThanOrEqual(
        window,
      );
      const bodies = new Set(everyFails.map((a) => JSON.stringify(a.json)));
      expect(bodies.size, 'every attempt carries the same delivery').toBe(1);
    });
    await test.step('the second attempt succeeds → no further attempts', async () => {
      expect(secondSucceeds.length, `exactly 2 attempts: one failed, one succeeded\n${describeDeliveries(secondSucceeds)}`).toBe(2);
    });
    await test.step('the first attempt succeeds → it is the only one', async () => {
      expect(firstSucceeds.length, `exactly 1 attempt\n${describeDeliveries(firstSucceeds)}`).toBe(1);
    });
  });
}

async function timeoutEvent(f: Fixtures) {
  const { chat, chatTarget, softCheck, sink, testTiming } = f;
  const slowQuery = chatTarget.bot.slowQuery;
  if (!slowQuery) {
    const reason = 'the target declares no bot.slowQuery (a query the bot answers slower than timing.asyncAnswerTimeoutMs)';
    await Promise.all(['async.timeout-event', 'async.timeout-event-due'].map((key) => notJudged(f, key, reason)));
    return;
  }
  const waitMs = chatTarget.timing.asyncAnswerTimeoutMs;
  // Early: before 90 % of the wait. Late is told by what comes first, not by our clock: the event's
  // time on the wire depends on the target's delivery queue and this machine's load, and the
  // document asks only that the event come when the wait is exceeded, that is before the answer.
  const earliest = waitMs * 0.9;
  const clientId = ChatApi.newClientId();
  const sent = Date.now();
  const slow = await chat.async({ clientId, query: slowQuery });
  // The upper bound's ruler, alongside: a request the server receives once three waits have passed
  // since it accepted the slow one, whose answer a correct server delivers after the event.
  // Its answer is awaited as long as the test allows: on a flooded or busy webhook it may come late, and only then is the check judged.
  // With the slow request refused there is no event to order, and no ruler.
  const ruler = isAccepted(slow) ? rulerAnswer(chat, sink, TIMEOUT_RULER_WAITS * waitMs, testTiming.leftMs) : undefined;
  ruler?.catch(() => undefined); // awaited in the second check: a failure then is not an unhandled one meanwhile
  await softCheck('async.timeout-event', async () => {
    expect(slow).toBe2xx('async request with the slow query');
    // The slow answer is promised at least 2 s after the wait: by then, and generously after, something has come.
    const first = await sink.waitFor(clientId, 1, waitMs + 2000 + 10_000);
    expect(first.length, 'a webhook delivery for the client').toBeGreaterThan(0);
    expect(first[0].receivedAt - sent, `the first delivery comes once the ${waitMs} ms wait has passed, not before`).toBeGreaterThanOrEqual(earliest);
    expect(
      carriesAnswer(first[0]),
      `the first delivery is the timeout event, not the slow answer (no event came before it)\n${describeDeliveries(first)}`,
    ).toBe(false);
  });
  await softCheck('async.timeout-event-due', async () => {
    if (!ruler) throw new NotJudged(`the async request with the slow query was answered ${slow.status}`);
    const { reply, deliveries, answer } = await ruler;
    if (!answer)
      throw new NotJudged(
        `the answer to a plain async request (answered ${reply.status}) did not reach the webhook in time, so there is nothing to order the timeout event against\n${describeDeliveries(deliveries)}`,
      );
    // Order on the sink, not our clock: the event was due two waits before the ruler was even received.
    const slowDeliveries = await sink.deliveries(clientId);
    const event = slowDeliveries.find((d) => !carriesAnswer(d));
    expect(
      event !== undefined && event.seq < answer.seq,
      `the timeout event, due ${waitMs} ms after the slow request, reaches the webhook before the answer to a request sent ${TIMEOUT_RULER_WAITS * waitMs} ms after the slow one was accepted\nthe slow request's deliveries:\n${describeDeliveries(slowDeliveries)}\nthe later request's answer, received ${answer.receivedAt - sent} ms after the slow request was sent${event ? ` (the event: ${event.receivedAt - sent} ms)` : ''}: ${answer.body.slice(0, 200)}`,
    ).toBe(true);
  });
}

async function longPollBlocks({ chat, chatTarget, softCheck }: Fixtures) {
  const minBlock = chatTarget.timing.longPollMinBlockMs;
  await softCheck('events.long-poll-blocks', async () => {
    const result = await chat.poll({ clientId: ChatApi.newClientId() }, minBlock);
    const detail = result.blocked ? '' : `\nanswered ${result.reply.status} after ${Math.round(result.elapsedMs)} ms: ${result.reply.text.slice(0, 300)}`;
    expect(result.blocked, `a poll with no matching event is still open after ${minBlock} ms${detail}`).toBe(true);
  });
}

async function agentRepliesOnly({ chat, chatTarget, softCheck }: Fixtures) {
  const clientId = ChatApi.newClientId();
  const started = Date.now();
  const texts = [ChatApi.marker('not-agent-1'), ChatApi.marker('not-agent-2')];
  const questionIds = [await chat.converse(clientId, texts[0]), await chat.converse(clientId, texts[1])].filter((id): id is string => id !== undefined);
  await softCheck('events.all-default-agent-only', async () => {
    // No agent answered this client, so a correct target returns nothing of its traffic (or blocks).
    const result = await chat.poll({ clientId, ts: chat.targetTimeAtOrBefore(started) }, chatTarget.timing.longPollMinBlockMs);
    if (result.blocked) return;
    expect(result.reply).toBe2xx('events poll without all');
    for (const text of texts) expect(mentions(result.reply.json, text), `the default answer holds no client request (found "${text}")`).toBe(false);
    for (const id of questionIds) expect(holdsValue(result.reply.json, id), `the default answer holds no bot answer (found questionId ${id})`).toBe(false);
  });
}

async function tsFilter(f: Fixtures) {
  const { chat, chatTarget, softCheck } = f;
  const clientId = ChatApi.newClientId();
  const before = ChatApi.marker('before-ts');
  const after = ChatApi.marker('after-ts');
  await chat.converse(clientId, before);
  // ts in the target's own time, between the two requests (its clock from its Date headers and its answers' timestamps).
  const unplaceable = chat.noInstantBetween();
  if (unplaceable) return notJudged(f, 'events.ts-filter', unplaceable);
  const ts = await chat.targetInstantBetween(Date.now());
  await chat.converse(clientId, after);
  await softCheck('events.ts-filter', async () => {
    const { seen } = await chat.pollUntil({ clientId, all: true, ts }, (s) => s.some((x) => mentions(x, after)), chatTarget.timing.longPollMaxMs);
    expect(
      seen.some((s) => mentions(s, after)),
      `events since ts hold the later request "${after}"`,
    ).toBe(true);
    expect(
      seen.some((s) => mentions(s, before)),
      `events since ts hold nothing of the earlier request "${before}"`,
    ).toBe(false);
  });
}

/** Each observation: the behaviour it checks (its step), the requirements it judges, whether it needs the webhook, and what it does. */
const OBSERVATIONS: { step: string; requirements: string[]; webhook: boolean; observe: (f: Fixtures) => Promise<unknown> }[] = [
  {
    step: 'an event reaches the webhook when the wait between answers is exceeded',
    requirements: ['async.timeout-event', 'async.timeout-event-due'],
    webhook: true,
    observe: timeoutEvent,
  },
  {
    step: 'new requests are sent without waiting for the previous ones',
    requirements: ['async.concurrent-requests'],
    webhook: true,
    observe: concurrentRequests,
  },
  {
    step: 'a failed delivery is sent again three more times, and no more once one succeeds',
    requirements: ['async.webhook-retry'],
    webhook: true,
    observe: webhookRetries,
  },
  { step: 'GET /events blocks while there is no matching event', requirements: ['events.long-poll-blocks'], webhook: false, observe: longPollBlocks },
  { step: 'GET /events without all returns only agent replies', requirements: ['events.all-default-agent-only'], webhook: false, observe: agentRepliesOnly },
  { step: 'GET /events: ts filters events by time', requirements: ['events.ts-filter'], webhook: false, observe: tsFilter },
];

test.describe('mandated waits', () => {
  test(
    WAITS_TEST,
    { tag: [...CHAT_WAITING_REQUIREMENTS, 'async.timeout-event'].map((key) => `@${key}`) },
    async ({ chat, chatTarget, hasRequirement, requirement, softCheck, sink, testTiming }) => {
      const fixtures: Fixtures = { chat, chatTarget, softCheck, sink, testTiming };
      const stated = OBSERVATIONS.filter((o) => o.requirements.some(hasRequirement));
      // Without a webhook the deliveries cannot be received: those requirements are untested, and the others go on.
      const due = stated.filter((o) => !o.webhook || chatTarget.webhook);
      for (const o of stated.filter((x) => !due.includes(x)))
        for (const key of o.requirements) test.info().annotations.push({ type: NOT_OBSERVED, description: key });
      test.skip(
        due.length === 0,
        "untested: none of these waits applies (the profile's document states none, or they need a webhook.listen the target does not declare)",
      );
      // At once, the test's time is the longest observation's: the timeout event's ruler, or the retry window.
      const { webhookRetryWindowMs, asyncAnswerTimeoutMs } = chatTarget.timing;
      const window = due.some((o) => o.observe === webhookRetries) ? webhookRetryWindowMs : 0;
      const ruler =
        due.some((o) => o.observe === timeoutEvent) && chatTarget.bot.slowQuery
          ? TIMEOUT_RULER_WAITS * asyncAnswerTimeoutMs + deliveryBound(webhookRetryWindowMs)
          : 0;
      test.setTimeout(test.info().timeout + Math.max(window, ruler));
      // Every observation runs to its end (its checks record their verdicts). One that stopped outside
      // its checks leaves its requirements not checked, saying why; then the test fails with every such stop.
      const settled = await Promise.allSettled(due.map((o) => test.step(o.step, () => inObservation(() => o.observe(fixtures)))));
      // A check the harness stopped (its pace ran out) skipped the test: skipped it stays, the others' verdicts recorded.
      const skip = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && test.info().expectedStatus === 'skipped');
      if (skip) throw skip.reason;
      const stops = due.flatMap((o, i) => {
        const s = settled[i];
        return s.status === 'rejected' ? [{ o, message: `${o.step}: ${s.reason instanceof Error ? s.reason.message : String(s.reason)}` }] : [];
      });
      if (!stops.length) return;
      const judged = new Set(verdictsOf(test.info()).map((v) => v.id));
      for (const { o, message } of stops)
        for (const id of o.requirements.filter(hasRequirement).map((key) => requirement(key).id))
          if (!judged.has(id))
            await recordVerdict(test.info(), { id, status: 'skipped', reason: `not checked: the observation stopped outside its checks: ${message}` });
      throw new Error(stops.map((x) => x.message).join('\n'));
    },
  );
});
