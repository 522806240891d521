// The Chat API's waits on the target's own time, observed at once in one test. The mandated ones
// (specs/chat-api/waits.ts) wait on an event a correct target makes happen only after some time, or
// never; an agent's reply comes when the agent answers, and a held poll's return needs the poll
// open before the event. They are independent (each its own client), so one test makes them
// together: a profile's waits then take its longest, the timeout event's ruler, on a worker of its
// own, instead of holding a worker each (npm run bench: a worker's start costs 0.5-0.7 s of a core,
// and two more per profile delayed every test of the run; the agent's reply and the poll's head
// start, tests of their own, left the run's workers idle 0.3-0.5 s each). A run that selects some
// of them (--grep, --level, a kill check's run) makes only those. The longest, the timeout event's,
// begins with the slow request the runner sent as soon as the run's tests were known (a head start,
// lib/headStart.ts), while Playwright was still starting this test's worker.
import { setTimeout as delay } from 'node:timers/promises';
import type { Delivery, SinkPlan } from '../../lib/webhookSink.ts';
import type { WebhookSinkClient } from '../../lib/webhookSinkClient.ts';
import { holdsValue, innermostObject, mentions, propertyValues } from '../../lib/jsonSearch.ts';
import { RequestFailed, type Reply } from '../../lib/httpClient.ts';
import { componentSchema } from '../../lib/schemas.ts';
import { isAccepted } from '../../lib/expectations.ts';
import { inObservation } from '../../lib/caseEvidence.ts';
import { sendHeadStart, type HeadStarted } from '../../lib/headStart.ts';
import { NOT_OBSERVED, NotJudged, recordVerdict, verdictsOf } from '../../lib/verdict.ts';
import type { CheckFn } from '../../fixtures/conformance.ts';
import { ChatApi, expect, test } from './chatApi.ts';
import type { ChatApiTarget } from './target.ts';
import { SLOW_REQUEST, TIMEOUT_RULER_WAITS, WAITS_TEST } from './waits.ts';
import { answerTextsOf, carriesAnswer, deliveriesUntil, deliveryBound, describeDeliveries, itemsOf } from './webhook.ts';

/** What an observation uses of the test's fixtures. */
interface Fixtures {
  chat: ChatApi;
  chatTarget: ChatApiTarget;
  hasRequirement: (key: string) => boolean;
  softCheck: CheckFn;
  sink: WebhookSinkClient;
  testTiming: { leftMs: () => number };
  headStart: (name: string, usableForMs: number) => Promise<HeadStarted | undefined>;
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

/** Checks that cannot be judged for one reason. */
const noneJudged = (f: Fixtures, keys: readonly string[], reason: string) => Promise.all(keys.map((key) => notJudged(f, key, reason)));

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
  const { chat, chatTarget, headStart, softCheck, sink, testTiming } = f;
  if (!chatTarget.bot.slowQuery) {
    const reason = 'the target declares no bot.slowQuery (a query the bot answers slower than timing.asyncAnswerTimeoutMs)';
    return noneJudged(f, ['async.timeout-event', 'async.timeout-event-due'], reason);
  }
  const waitMs = chatTarget.timing.asyncAnswerTimeoutMs;
  // Early: before 90 % of the wait. Late is told by what comes first, not by our clock: the event's
  // time on the wire depends on the target's delivery queue and this machine's load, and the
  // document asks only that the event come when the wait is exceeded, that is before the answer.
  const earliest = waitMs * 0.9;
  const rulerAfterMs = TIMEOUT_RULER_WAITS * waitMs;
  // The slow request the runner sent as the run began, while the ruler can still go on time from its answer; else sent now.
  const first = (await headStart(SLOW_REQUEST.name, rulerAfterMs)) ?? (await sendHeadStart(chat.http, SLOW_REQUEST.request(chatTarget)!));
  const { reply: slow, sentAt: sent } = first;
  const { clientId } = first.context;
  // The upper bound's ruler, alongside: a request the server receives once three waits have passed
  // since it accepted the slow one, whose answer a correct server delivers after the event.
  // Its answer is awaited as long as the test allows: on a flooded or busy webhook it may come late, and only then is the check judged.
  // With the slow request refused there is no event to order, and no ruler.
  const ruler = isAccepted(slow) ? rulerAnswer(chat, sink, Math.max(0, first.answeredAt + rulerAfterMs - Date.now()), testTiming.leftMs) : undefined;
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

/**
 * A client request from another cid, sent while a poll with all=true is held: «returns when a
 * client request arrives» and what the events hold. Events are recognised by the unique marker
 * text of the request, never by layout: the event format is not public.
 */
async function otherCidRequest(f: Fixtures) {
  const { chat, chatTarget, hasRequirement, softCheck } = f;
  const { longPollMinBlockMs: minBlock, longPollMaxMs: maxPoll } = chatTarget.timing;
  const clientId = ChatApi.newClientId();
  const text = ChatApi.marker('other-page');
  // The poll is issued before the request, so a target that holds it learns of the request while blocked;
  // the request goes once the poll has had half the declared minimum block (a correct target holds it
  // that long at least; half a second at most: it is the poll's lead on the request, not its hold) to arrive.
  // Sent together, on a busy runner the request overtook the poll, which then found its event waiting:
  // a target that wakes a held poll only at its end went unseen.
  const pending = chat.poll({ clientId, all: true }, maxPoll);
  await delay(Math.min(minBlock, 1000) / 2);
  const { questionId, replyTexts } = await chat.exchange(clientId, text, ChatApi.newCid());
  // The request is recognised by its text, or by its questionId in an event that is not the bot's
  // answer to it (which carries the same questionId, with the replies).
  const answerLike = (node: Record<string, unknown>) => propertyValues(node, 'replies').length > 0 || propertyValues(node, 'answer').length > 0;
  const requestEvent = (node: Record<string, unknown>) => holdsValue(node, questionId!) && !answerLike(node);
  const shows = (json: unknown) => mentions(json, text) || (questionId !== undefined && innermostObject(json, requestEvent) !== undefined);
  // The bot's answer, by the text of a reply the sync answer gave, or by its questionId in an event carrying replies.
  const showsAnswer = (json: unknown) =>
    replyTexts.some((reply) => mentions(json, reply)) ||
    (questionId !== undefined && innermostObject(json, (node) => holdsValue(node, questionId) && answerLike(node)) !== undefined);
  const answered = performance.now();
  const first = await pending;
  if (hasRequirement('events.returns-on-event')) {
    await softCheck('events.returns-on-event', async () => {
      expect(first.blocked, `the poll returned within ${maxPoll} ms`).toBe(false);
      // A refusal is no return on the event: the poll is a valid one.
      if (!first.blocked) expect(first.reply).toBe2xx('the events poll held while the request arrived');
      const lag = performance.now() - answered;
      expect(lag, `the poll returned within ${minBlock} ms of the request (it took ${Math.round(lag)} ms)`).toBeLessThanOrEqual(minBlock);
    });
  }
  // Every poll here is without ts: each returns what came since the one before, so what they saw adds up.
  const seen = first.blocked ? [] : [first.reply.json];
  const seeUntil = async (found: (json: unknown) => boolean) => {
    if (!seen.some(found)) seen.push(...(await chat.pollUntil({ clientId, all: true }, (x) => x.some(found), maxPoll)).seen);
  };
  await softCheck('events.includes-other-page-requests', async () => {
    await seeUntil(shows);
    expect(seen.some(shows), `with all=true the events hold the request "${text}" (questionId ${questionId ?? 'not given'}) sent with another cid`).toBe(true);
  });
  if (!first.blocked) {
    await softCheck('events.shape', async () => {
      expect(first.reply).toValidateAgainst(componentSchema('chat-api', 'EventsResponse'), 'the answer');
    });
  }
  // An answer with no reply text and no questionId cannot be told among the events: nothing to judge.
  if (replyTexts.length === 0 && questionId === undefined) {
    const reason = `the sync answer to "${text}" gave no reply text and no questionId, so its answer cannot be recognised among the events`;
    return notJudged(f, 'events.includes-other-page-answers', reason);
  }
  await softCheck('events.includes-other-page-answers', async () => {
    await seeUntil(showsAnswer);
    expect(
      seen.some(showsAnswer),
      `with all=true the events hold the bot's answer to "${text}" (a reply ${JSON.stringify(replyTexts.map((r) => r.slice(0, 60)))}, or questionId ${questionId ?? 'not given'} with replies)`,
    ).toBe(true);
  });
}

/** What a body says: every `text` and `answer` value in it, at any depth. */
const saidTexts = (json: unknown) =>
  [...propertyValues(json, 'text'), ...propertyValues(json, 'answer')].filter((t): t is string => typeof t === 'string' && t.trim() !== '');

/** The longest single wait on the sink while the reply is awaited, so that a reply shown in a poll ends the wait soon. */
const SINK_LOOK_MS = 1000;

const AGENT_REPLY = ['events.default-agent-replies', 'events.agent-reply', 'history.agent-reply', 'async.webhook-agent-reply'];

/** The time the looks at an agent's reply take once it is seen: two polls and the webhook's bound. */
const agentLooksMs = ({ timing }: ChatApiTarget) => 2 * timing.longPollMaxMs + deliveryBound(timing.webhookRetryWindowMs);

/**
 * An agent's reply to the client («для ведения диалога с ботом или оператором», seed 004). After
 * bot.operatorQuery an agent of the deployment answers the client: the document lists that reply
 * among the events («Ответ от оператора»), as all a poll without `all` returns («только ответы от
 * оператора (поведение по умолчанию)») and among the webhook's triggers («Клиент получил ответ от
 * оператора»); it is part of the conversation the history holds. Its format is not public, so it is
 * told by what it says: a text that is neither the query nor the bot's answer to it. The agent
 * answers in their own time, which no document bounds: the reply is first awaited (in a poll without
 * all, or at the webhook) for the test's time, then each requirement is judged on a look of its own.
 */
async function agentReply(f: Fixtures) {
  const { chat, chatTarget, softCheck, sink, testTiming } = f;
  const query = chatTarget.bot.operatorQuery;
  if (!query)
    return noneJudged(f, AGENT_REPLY, 'the target declares no bot.operatorQuery (a client query after which an agent of the deployment replies to the client)');
  const { longPollMinBlockMs, longPollMaxMs, webhookRetryWindowMs } = chatTarget.timing;
  const waitEnd = performance.now() + testTiming.leftMs() - agentLooksMs(chatTarget);
  const clientId = ChatApi.newClientId();
  const started = Date.now();
  const asked = await chat.sync({ clientId, query });
  expect(asked).toBe2xx(`bot.operatorQuery "${query}" (needed to set up this check)`);
  const known = new Set([query, ...saidTexts(asked.json)]);
  /** The agent's texts seen so far; a body shows the reply when it says a text of neither the client nor the bot, or one of these. */
  const agentSaid = new Set<string>();
  const shows = (json: unknown) => {
    const texts = saidTexts(json).filter((t) => !known.has(t));
    texts.forEach((t) => agentSaid.add(t));
    return texts.length > 0 || [...agentSaid].some((t) => mentions(json, t));
  };
  // Every look reads from before the query, in the target's time, so nothing depends on a poll cursor.
  const byDefault = { clientId, ts: chat.targetTimeAtOrBefore(started) };
  const withAll = { ...byDefault, all: true };

  let shownIn: string | undefined;
  const waiting = () => !shownIn && performance.now() < waitEnd;
  const showsIn = (reply: Reply) => isAccepted(reply) && shows(reply.json ?? reply.text);
  // A look that breaks (a broken answer, a refusal) only ends early: each way is judged below, on a request of its own.
  const quietly = (look: () => Promise<void>) =>
    look().catch((err: unknown) => {
      if (!(err instanceof RequestFailed)) throw err;
    });
  const watchDefaultPolls = async () => {
    while (waiting()) {
      const result = await chat.poll(byDefault, Math.min(longPollMaxMs, waitEnd - performance.now()));
      if (result.blocked) continue;
      if (!isAccepted(result.reply)) return;
      if (showsIn(result.reply)) shownIn ??= 'a poll without all';
      // A server that does not hold polls (seed 002 states no long polling) is not hammered while the agent takes their time.
      else await delay(Math.min(longPollMinBlockMs - result.elapsedMs, waitEnd - performance.now()));
    }
  };
  const watchWebhook = async () => {
    let ds: Delivery[] = [];
    while (waiting()) {
      ds = await sink.waitFor(clientId, ds.length + 1, Math.min(SINK_LOOK_MS, waitEnd - performance.now()));
      if (ds.some((d) => shows(d.json))) shownIn ??= 'a webhook delivery';
    }
  };
  await Promise.all([quietly(watchDefaultPolls), ...(chatTarget.webhook ? [watchWebhook()] : [])]);
  // Neither showed it: the other two ways tell whether the agent replied at all.
  if (!shownIn) {
    await quietly(async () => {
      const all = await chat.poll(withAll, longPollMaxMs);
      if (!all.blocked && showsIn(all.reply)) shownIn = 'a poll with all=true';
    });
  }
  if (!shownIn) {
    await quietly(async () => {
      if (showsIn(await chat.history(clientId))) shownIn = 'the history';
    });
  }
  if (!shownIn) {
    const waited = Math.round((Date.now() - started) / 1000);
    return noneJudged(
      f,
      AGENT_REPLY,
      `no agent's reply was seen within ${waited} s of bot.operatorQuery "${query}" (a text that is neither the query nor the bot's answer ${JSON.stringify([...known])}): not in a poll without all, ${chatTarget.webhook ? 'at the webhook, ' : ''}in a poll with all=true nor in the history`,
    );
  }
  const seen = `the agent said ${JSON.stringify([...agentSaid].map((t) => t.slice(0, 80)))}, first seen in ${shownIn}`;

  await softCheck('events.default-agent-replies', async () => {
    // «только ответы от оператора (поведение по умолчанию)»: the reply is there, so a poll without all returns it.
    const { seen: polled } = await chat.pollUntil(byDefault, (x) => x.some(shows), longPollMaxMs);
    expect(polled.some(shows), `a poll without all returns the agent's reply (${seen})`).toBe(true);
  });
  await softCheck('events.agent-reply', async () => {
    const result = await chat.poll(withAll, longPollMaxMs);
    expect(result.blocked, `a poll with all=true answers at once: the query, the bot's answer and the agent's reply are events since ts`).toBe(false);
    if (result.blocked) return;
    expect(result.reply).toBe2xx('events poll with all=true');
    expect(shows(result.reply.json), `with all=true the events hold the agent's reply (${seen})\n${result.reply.text.slice(0, 500)}`).toBe(true);
  });
  await softCheck('history.agent-reply', async () => {
    const history = await chat.history(clientId);
    expect(history).toBe2xx('history of all time');
    expect(shows(history.json ?? history.text), `the history holds the agent's reply (${seen})\n${history.text.slice(0, 500)}`).toBe(true);
  });
  if (!chatTarget.webhook) return notJudged(f, 'async.webhook-agent-reply', 'the target declares no webhook.listen, so deliveries cannot be received');
  await softCheck('async.webhook-agent-reply', async () => {
    // Sent synchronously, the query itself is due no delivery: the client's deliveries are the agent's.
    const ds = await deliveriesUntil(sink, clientId, (got) => got.some((d) => shows(d.json)), deliveryBound(webhookRetryWindowMs));
    expect(
      ds.some((d) => shows(d.json)),
      `a webhook delivery for the client carries the agent's reply (${seen})\n${describeDeliveries(ds)}`,
    ).toBe(true);
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
  {
    step: 'GET /events returns when a client request arrives from another cid',
    requirements: ['events.returns-on-event', 'events.includes-other-page-requests', 'events.includes-other-page-answers', 'events.shape'],
    webhook: false,
    observe: otherCidRequest,
  },
  {
    step: "an agent's reply reaches the client in the events, at the webhook and in the history",
    requirements: AGENT_REPLY,
    webhook: false,
    observe: agentReply,
  },
];

test.describe('waits on the target', () => {
  test(
    WAITS_TEST,
    { tag: [...new Set(OBSERVATIONS.flatMap((o) => o.requirements))].map((key) => `@${key}`) },
    async ({ chat, chatTarget, hasRequirement, headStart, requirement, selects, softCheck, sink, testTiming }) => {
      const fixtures: Fixtures = { chat, chatTarget, hasRequirement, headStart, softCheck, sink, testTiming };
      const stated = OBSERVATIONS.filter((o) => o.requirements.some(hasRequirement));
      // Those the run asks for, when it names some by tag; all, when it took the test by its title.
      const named = stated.filter((o) => selects(o.requirements.filter(hasRequirement)));
      const asked = named.length ? named : stated;
      // Without a webhook the deliveries cannot be received: those requirements are untested, and the others go on.
      const due = asked.filter((o) => !o.webhook || chatTarget.webhook);
      for (const o of asked.filter((x) => !due.includes(x)))
        for (const key of o.requirements) test.info().annotations.push({ type: NOT_OBSERVED, description: key });
      test.skip(
        due.length === 0,
        "untested: none of these waits applies (the profile's document states none, or they need a webhook.listen the target does not declare)",
      );
      // At once, the test's time is the longest observation's: the timeout event's ruler, the retry window, or the looks at an agent's reply.
      const { webhookRetryWindowMs, asyncAnswerTimeoutMs } = chatTarget.timing;
      const window = due.some((o) => o.observe === webhookRetries) ? webhookRetryWindowMs : 0;
      const ruler =
        due.some((o) => o.observe === timeoutEvent) && chatTarget.bot.slowQuery
          ? TIMEOUT_RULER_WAITS * asyncAnswerTimeoutMs + deliveryBound(webhookRetryWindowMs)
          : 0;
      const looks = due.some((o) => o.observe === agentReply) ? agentLooksMs(chatTarget) : 0;
      test.setTimeout(test.info().timeout + Math.max(window, ruler, looks));
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
