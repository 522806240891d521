// Asynchronous client requests, webhook delivery, retries and the async timeout event.
import { setTimeout as delay } from 'node:timers/promises';
import type { Delivery, SinkPlan } from '../../lib/webhookSink.ts';
import type { WebhookSinkClient } from '../../lib/webhookSinkClient.ts';
import { mentions } from '../../lib/jsonSearch.ts';
import { componentSchema } from '../../lib/schemas.ts';
import { isAccepted } from '../../lib/expectations.ts';
import { NotJudged } from '../../lib/verdict.ts';
import { ChatApi, expect, messageIdOf, replyTexts, test } from './chatApi.ts';
import { TIMEOUT_RULER_WAITS } from './waits.ts';
import { deliveriesUntil, deliveryBound, describeDeliveries } from './webhook.ts';

const DOC = 'chat-api';

/** The items of a delivery («массив JSON-объектов»; a lone object read as one). */
const itemsOf = (d: Delivery) => (Array.isArray(d.json) ? d.json : [d.json]) as ({ data?: unknown } | null)[];

/** The bot's reply texts an item carries (none for an event such as the timeout's). */
const answerTextsOf = (item: { data?: unknown } | null) => replyTexts(item?.data);

/** True when a delivery carries the bot's answer (a reply or an answer text), not only an event such as the timeout's. */
const carriesAnswer = (d: Delivery) => itemsOf(d).some((item) => answerTextsOf(item).length > 0);

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

test.describe('POST /chatapi/{token}/async', () => {
  test.beforeEach(({ chatTarget }) => {
    test.skip(!chatTarget.webhook, 'untested: the target declares no webhook.listen, so deliveries cannot be received');
  });

  test(
    'answers only with a message id; the rest arrives at the webhook',
    { tag: ['@async.message-id-only', '@async.message-id-matches', '@async.webhook-payload', '@async.webhook-payload-types', '@async.webhook-data'] },
    async ({ chat, chatTarget, check, sink }) => {
      const clientId = ChatApi.newClientId();
      const query = `async hello ${clientId}`;
      const reply = await chat.async({ clientId, query });
      const deliveries = await sink.waitFor(clientId, 1, deliveryBound(chatTarget.timing.webhookRetryWindowMs));
      const delivered = (Array.isArray(deliveries[0]?.json) ? deliveries[0].json : []) as Record<string, unknown>[];
      const messageId = messageIdOf(reply.json ?? reply.text);
      await check('async.message-id-only', async () => {
        expect(reply).toBe2xx('async request');
        expect(messageId, `a message id in the answer (questionId, id, messageId, or the bare body): ${reply.text.slice(0, 300)}`).toBeDefined();
        // The bot's answer is what the webhook then brings: none of its text may be in this answer.
        const botTexts = delivered.flatMap(answerTextsOf).filter((t) => t.trim().length > 2);
        for (const text of new Set(botTexts))
          expect(mentions(reply.json ?? reply.text, text), `the answer carries none of the bot's answer (found "${text.slice(0, 80)}")`).toBe(false);
        const answer = reply.json as Record<string, unknown> | undefined;
        expect(Array.isArray(answer?.replies) && answer.replies.length > 0, 'the answer carries no bot replies').toBe(false);
      });
      await check('async.message-id-matches', async () => {
        expect(delivered.length, 'a webhook delivery for the client').toBeGreaterThan(0);
        expect(
          delivered.map((item) => String(item.questionId)),
          `the delivery's questionId is the id the async answer gave (${messageId})`,
        ).toContain(messageId);
      });
      await check('async.webhook-payload', async () => {
        expect(deliveries.length, 'a webhook delivery for the client').toBeGreaterThan(0);
        expect(deliveries[0].json).toValidateAgainst(componentSchema(DOC, 'WebhookPayload'), 'the delivery is an array of objects with every documented field');
      });
      await check('async.webhook-payload-types', async () => {
        const items = (Array.isArray(deliveries[0]?.json) ? deliveries[0].json : []) as Record<string, unknown>[];
        expect(items.length, 'the delivery holds objects').toBeGreaterThan(0);
        for (const item of items) {
          expect(item).toValidateAgainst(componentSchema(DOC, 'WebhookItem'), 'the item');
          expect(item.token, 'token is the channel token').toBe(chatTarget.token);
          expect(item.clientId, 'clientId is the client that asked').toBe(clientId);
        }
        expect(
          mentions(items, 'replies') || items.some((i) => Array.isArray((i.data as Record<string, unknown>)?.replies)),
          'data carries the bot replies',
        ).toBe(true);
      });
      await check('async.webhook-data', async () => {
        expect(delivered.length, 'a webhook delivery for the client').toBeGreaterThan(0);
        for (const item of delivered) {
          expect(item.data).toValidateAgainst(
            componentSchema(DOC, 'WebhookData'),
            "data has the fields of the document's example (nlpClass, confidence, replies, answer, newSessionStarted, endSession)",
          );
        }
      });
    },
  );

  test('an event is sent asynchronously', { tag: ['@async.event'] }, async ({ chat, chatTarget, check, sink }) => {
    const clientId = ChatApi.newClientId();
    await check('async.event', async () => {
      expect(await chat.async({ clientId, event: chat.event })).toBe2xx(`async request with the event ${chat.event}`);
      // «Остальная информация будет отправлена на вебхук»: whatever the bot makes of the event, a delivery follows.
      const deliveries = await sink.waitFor(clientId, 1, deliveryBound(chatTarget.timing.webhookRetryWindowMs));
      expect(deliveries.length, 'a webhook delivery for the client').toBeGreaterThan(0);
    });
  });

  test(
    'new requests are sent without waiting for the previous ones',
    { tag: ['@async.concurrent-requests'] },
    async ({ chat, chatTarget, check, sink, hasRequirement, testTiming }) => {
      test.skip(!hasRequirement('async.concurrent-requests'), "this profile's document does not say it");
      const clientId = ChatApi.newClientId();
      const slowQuery = chatTarget.bot.slowQuery;
      const send = (query: string) => chat.async({ clientId, query });
      // The slow query keeps a request of the client in flight while the others go; without it, all go at once.
      const others = slowQuery ? ['concurrent one', 'concurrent two'] : ['concurrent one', 'concurrent two', 'concurrent three'];
      const queries = slowQuery ? [slowQuery, ...others] : others;
      await check('async.concurrent-requests', async () => {
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
    },
  );

  test(
    'a failed delivery is sent again three more times, and no more once one succeeds',
    { tag: ['@async.webhook-retry'] },
    async ({ chat, chatTarget, check, sink, hasRequirement }) => {
      test.skip(!hasRequirement('async.webhook-retry'), "this profile's document states no retries");
      const window = chatTarget.timing.webhookRetryWindowMs;
      // The three deliveries are observed at once, so the test waits one window, not three.
      test.setTimeout(test.info().timeout + window);

      await check('async.webhook-retry', async () => {
        const observe = async (plan: SinkPlan | undefined, query: string, atMost: number) => {
          const clientId = ChatApi.newClientId();
          if (plan) await sink.plan(clientId, plan);
          expect(await chat.async({ clientId, query })).toBe2xx('async request');
          // Waiting for one attempt more than is due, which must not come: bounded by the declared window.
          return attempts(sink, clientId, atMost, window);
        };
        const [everyFails, secondSucceeds, firstSucceeds] = await Promise.all([
          observe({ failFirst: 1000, failStatus: 500 }, 'retry me', 5),
          observe({ failFirst: 1, failStatus: 503 }, 'retry once', 3),
          observe(undefined, 'no retry', 2),
        ]);
        await test.step('«запрос будет отправлен повторно еще три раза»: every attempt fails → exactly 1 + 3 attempts within the window', async () => {
          expect(everyFails.length, `exactly 4 attempts within ${window} ms\n${describeDeliveries(everyFails)}`).toBe(4);
          expect(
            everyFails[3].receivedAt - everyFails[0].receivedAt,
            'the last retry falls within the declared window of the first attempt',
          ).toBeLessThanOrEqual(window);
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
    },
  );

  test(
    'an event reaches the webhook when the wait between answers is exceeded',
    { tag: ['@async.timeout-event', '@async.timeout-event-due'] },
    async ({ chat, chatTarget, check, softCheck, sink, skipCheck, testTiming }) => {
      const slowQuery = chatTarget.bot.slowQuery;
      if (!slowQuery)
        await skipCheck('async.timeout-event', 'the target declares no bot.slowQuery (a query the bot answers slower than timing.asyncAnswerTimeoutMs)');
      const waitMs = chatTarget.timing.asyncAnswerTimeoutMs;
      // The ruler goes after three waits, and its answer may take the declared delivery bound.
      test.setTimeout(test.info().timeout + TIMEOUT_RULER_WAITS * waitMs + deliveryBound(chatTarget.timing.webhookRetryWindowMs));
      // Early: before 90 % of the wait. Late is told by what comes first, not by our clock: the event's
      // time on the wire depends on the target's delivery queue and this machine's load, and the
      // document asks only that the event come when the wait is exceeded, that is before the answer.
      const earliest = waitMs * 0.9;
      const clientId = ChatApi.newClientId();
      const sent = Date.now();
      const slow = await chat.async({ clientId, query: slowQuery! });
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
      await check('async.timeout-event-due', async () => {
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
          `the timeout event, due ${waitMs} ms after the slow request, reaches the webhook before the answer to a request sent ${TIMEOUT_RULER_WAITS * waitMs} ms after the slow one was accepted\nthe slow request's deliveries:\n${describeDeliveries(slowDeliveries)}\nthe later request's answer: ${answer.body.slice(0, 200)}`,
        ).toBe(true);
      });
    },
  );
});
