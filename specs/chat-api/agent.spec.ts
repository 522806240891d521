// An agent's reply to the client («для ведения диалога с ботом или оператором», seed 004). After
// bot.operatorQuery an agent of the deployment answers the client: the document lists that reply
// among the events («Ответ от оператора»), as all a poll without `all` returns («только ответы от
// оператора (поведение по умолчанию)») and among the webhook's triggers («Клиент получил ответ от
// оператора»); it is part of the conversation the history holds. Its format is not public, so it is
// told by what it says: a text that is neither the query nor the bot's answer to it. The agent
// answers in their own time, which no document bounds: the test first waits for the reply to show
// (in a poll without all, or at the webhook), then each requirement is judged on a look of its own.
import { setTimeout as delay } from 'node:timers/promises';
import { mentions, propertyValues } from '../../lib/jsonSearch.ts';
import { RequestFailed, type Reply } from '../../lib/httpClient.ts';
import { isAccepted } from '../../lib/expectations.ts';
import type { Delivery } from '../../lib/webhookSink.ts';
import { ChatApi, expect, test } from './chatApi.ts';
import { deliveriesUntil, deliveryBound, describeDeliveries } from './webhook.ts';

/** What a body says: every `text` and `answer` value in it, at any depth. */
const saidTexts = (json: unknown) =>
  [...propertyValues(json, 'text'), ...propertyValues(json, 'answer')].filter((t): t is string => typeof t === 'string' && t.trim() !== '');

/** The longest single wait on the sink while the reply is awaited, so that a reply shown in a poll ends the wait soon. */
const SINK_LOOK_MS = 1000;

test.describe("an agent's reply", () => {
  test(
    'reaches the client in the events, at the webhook and in the history',
    { tag: ['@events.default-agent-replies', '@events.agent-reply', '@history.agent-reply', '@async.webhook-agent-reply'] },
    async ({ chat, chatTarget, check, softCheck, skipCheck, sink, deferred, testTiming }) => {
      const query = chatTarget.bot.operatorQuery;
      if (!query)
        await skipCheck(
          'events.default-agent-replies',
          'the target declares no bot.operatorQuery (a client query after which an agent of the deployment replies to the client)',
        );
      const { longPollMinBlockMs, longPollMaxMs, webhookRetryWindowMs } = chatTarget.timing;
      const webhookBound = deliveryBound(webhookRetryWindowMs);
      // The reply is awaited for the test's own time; the looks after it come on top.
      const waitEnd = performance.now() + testTiming.leftMs();
      test.setTimeout(test.info().timeout + 2 * longPollMaxMs + webhookBound);

      const clientId = ChatApi.newClientId();
      const started = Date.now();
      const asked = await chat.sync({ clientId, query: query! });
      expect(asked).toBe2xx(`bot.operatorQuery "${query}" (needed to set up this check)`);
      const known = new Set([query!, ...saidTexts(asked.json)]);
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
        await skipCheck(
          'events.default-agent-replies',
          `no agent's reply was seen within ${waited} s of bot.operatorQuery "${query}" (a text that is neither the query nor the bot's answer ${JSON.stringify([...known])}): not in a poll without all, ${chatTarget.webhook ? 'at the webhook, ' : ''}in a poll with all=true nor in the history`,
        );
      }
      const seen = `the agent said ${JSON.stringify([...agentSaid].map((t) => t.slice(0, 80)))}, first seen in ${shownIn}`;

      await softCheck('events.default-agent-replies', async () => {
        // «только ответы от оператора (поведение по умолчанию)»: the reply is there, so a poll without all returns it.
        const { seen: polled } = await chat.pollUntil(byDefault, (s) => s.some(shows), longPollMaxMs);
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
      if (!chatTarget.webhook) {
        deferred.settle();
        await skipCheck('async.webhook-agent-reply', 'the target declares no webhook.listen, so deliveries cannot be received');
      }
      await check('async.webhook-agent-reply', async () => {
        // Sent synchronously, the query itself is due no delivery: the client's deliveries are the agent's.
        const ds = await deliveriesUntil(sink, clientId, (got) => got.some((d) => shows(d.json)), webhookBound);
        expect(
          ds.some((d) => shows(d.json)),
          `a webhook delivery for the client carries the agent's reply (${seen})\n${describeDeliveries(ds)}`,
        ).toBe(true);
      });
    },
  );
});
