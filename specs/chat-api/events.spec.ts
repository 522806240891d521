// GET /chatapi/{token}/events: what a poll returns (on an event, at most 250, by cid, since the
// last poll, a state change). Its waits (a poll that blocks, the agent-only default, the ts gap)
// are observed with the Chat API's others in waits.spec.ts.
// Events are recognised by unique marker texts in the queries the test sends, never by layout:
// the event format is not public, so a check looks for its own traffic anywhere in the body.
import { setTimeout as delay } from 'node:timers/promises';
import { holdsValue, innermostObject, longestObjectArray, mentions, propertyValues, stringsIn } from '../../lib/jsonSearch.ts';
import { componentSchema, schemaOf, type JsonSchema } from '../../lib/schemas.ts';
import { ChatApi, expect, test } from './chatApi.ts';

const DOC = 'chat-api';
const { marker } = ChatApi;

/** The event list of an answer: `events` (EVIDENCE.md), a bare array, or the longest array of objects. */
function eventsOf(json: unknown): unknown[] {
  if (Array.isArray(json)) return json;
  const direct = (json as { events?: unknown } | undefined)?.events;
  return Array.isArray(direct) ? direct : longestObjectArray(json);
}

/** «Максимальное количество событий в ответе на запрос — 250»: the limit, as the schema states it. */
const MAX_EVENTS = (schemaOf(DOC, 'EventList') as JsonSchema & { maxItems: number }).maxItems;

test.describe('GET /chatapi/{token}/events', () => {
  test(
    'returns when a client request arrives from another cid',
    { tag: ['@events.returns-on-event', '@events.includes-other-page-requests', '@events.includes-other-page-answers', '@events.shape'] },
    async ({ chat, chatTarget, check, softCheck, skipCheck, hasRequirement }) => {
      const { longPollMinBlockMs: minBlock, longPollMaxMs: maxPoll } = chatTarget.timing;
      const clientId = ChatApi.newClientId();
      const text = marker('other-page');
      // The poll is issued before the request, so a target that holds it learns of the request while blocked;
      // the request goes once the poll has had half the declared minimum block (a correct target holds it
      // that long at least; half a second at most: it is the poll's head start, not its hold) to arrive.
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
        await check('events.returns-on-event', async () => {
          expect(first.blocked, `the poll returned within ${maxPoll} ms`).toBe(false);
          const lag = performance.now() - answered;
          expect(lag, `the poll returned within ${minBlock} ms of the request (it took ${Math.round(lag)} ms)`).toBeLessThanOrEqual(minBlock);
        });
      }
      // Every poll here is without ts: each returns what came since the one before, so what they saw adds up.
      const seen = first.blocked ? [] : [first.reply.json];
      const seeUntil = async (found: (json: unknown) => boolean) => {
        if (!seen.some(found)) seen.push(...(await chat.pollUntil({ clientId, all: true }, (s) => s.some(found), maxPoll)).seen);
      };
      // Soft: the bot's answer is judged too when the request is missing.
      await softCheck('events.includes-other-page-requests', async () => {
        await seeUntil(shows);
        expect(seen.some(shows), `with all=true the events hold the request "${text}" (questionId ${questionId ?? 'not given'}) sent with another cid`).toBe(
          true,
        );
      });
      if (!first.blocked) {
        await check('events.shape', async () => {
          expect(first.reply).toValidateAgainst(componentSchema(DOC, 'EventsResponse'), 'the answer');
        });
      }
      // An answer with no reply text and no questionId cannot be told among the events: nothing to judge.
      if (replyTexts.length === 0 && questionId === undefined) {
        await skipCheck(
          'events.includes-other-page-answers',
          `the sync answer to "${text}" gave no reply text and no questionId, so its answer cannot be recognised among the events`,
        );
      }
      await check('events.includes-other-page-answers', async () => {
        await seeUntil(showsAnswer);
        expect(
          seen.some(showsAnswer),
          `with all=true the events hold the bot's answer to "${text}" (a reply ${JSON.stringify(replyTexts.map((r) => r.slice(0, 60)))}, or questionId ${questionId ?? 'not given'} with replies)`,
        ).toBe(true);
      });
    },
  );

  test(
    'holds at most 250 events in one answer; the history holds the rest',
    { tag: ['@events.max-250', '@events.more-in-history'] },
    async ({ chat, chatTarget, check, softCheck }) => {
      const clientId = ChatApi.newClientId();
      const started = Date.now();
      // One request more than the limit makes more events than it whether requests, answers or both count as events.
      const total = MAX_EVENTS + 1;
      // "load 1 of 251" is no part of "load 11 of 251": each query is found on its own.
      const queries = Array.from({ length: total }, (_, i) => `load ${i} of ${total}`);
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < total) {
            const i = next++;
            expect(await chat.sync({ clientId, query: queries[i] })).toBe2xx(`request ${i} of ${total}`);
          }
        }),
      );
      // Soft: the history is judged whatever one events answer held.
      await softCheck('events.max-250', async () => {
        const result = await chat.poll({ clientId, all: true, ts: chat.targetTimeAtOrBefore(started) }, chatTarget.timing.longPollMaxMs);
        expect(result.blocked, `the events of ${total} requests are returned`).toBe(false);
        if (result.blocked) return;
        expect(result.reply).toBe2xx('events poll');
        const events = eventsOf(result.reply.json);
        expect(events.length, 'the answer holds events').toBeGreaterThan(0);
        expect(events).toValidateAgainst(componentSchema(DOC, 'EventList'), `at most ${MAX_EVENTS} events in one answer (it held ${events.length})`);
      });
      await check('events.more-in-history', async () => {
        const history = await chat.history(clientId);
        expect(history).toBe2xx('history of all time');
        const texts = stringsIn(history.json ?? history.text);
        const missing = queries.filter((q) => !texts.some((t) => t.includes(q)));
        expect(
          missing.length,
          `the history holds every one of the ${total} requests, more than one events answer may hold (missing ${missing.length}, e.g. ${JSON.stringify(missing.slice(0, 3))})`,
        ).toBe(0);
      });
    },
  );

  test('without ts, a poll returns only what came since the last one', { tag: ['@events.no-ts-since-last-request'] }, async ({ chat, chatTarget, check }) => {
    const clientId = ChatApi.newClientId();
    const cid = ChatApi.newCid();
    const first = marker('first');
    await chat.converse(clientId, first, cid);
    const q = { clientId, all: true, cid };
    const { seen } = await chat.pollUntil(q, (s) => s.some((x) => mentions(x, first)), chatTarget.timing.longPollMaxMs);
    expect(
      seen.some((s) => mentions(s, first)),
      `a poll returns the request "${first}" (needed to set up this check)`,
    ).toBe(true);
    const second = marker('second');
    await chat.converse(clientId, second, cid);
    await check('events.no-ts-since-last-request', async () => {
      // A request came since the last poll: the next one has it to return, so it neither blocks nor loses it.
      const next = (await chat.pollUntil(q, (s) => s.some((x) => mentions(x, second)), chatTarget.timing.longPollMaxMs)).seen;
      expect(
        next.some((x) => mentions(x, second)),
        `all events since the last request: the next poll returns the request "${second}" made since the first poll`,
      ).toBe(true);
      expect(
        next.some((x) => mentions(x, first)),
        `the next poll does not return "${first}" again`,
      ).toBe(false);
    });
  });

  test('shows a change of the chat-app state to every page', { tag: ['@events.includes-other-page-state'] }, async ({ chat, chatTarget, check, skipCheck }) => {
    const clientId = ChatApi.newClientId();
    const text = marker('before-state');
    // A client with a conversation, so the state is a live chat's; its request and answer are known.
    const { questionId, replyTexts } = await chat.exchange(clientId, text, ChatApi.newCid());
    const unavailable = await chat.stateUnavailable(clientId);
    if (unavailable) await skipCheck('events.includes-other-page-state', unavailable);
    const state = { widget: marker('widget-state') };
    await check('events.includes-other-page-state', async () => {
      expect(await chat.saveState(clientId, state)).toBe2xx('saving the chat-app state');
      // The change: an event that mentions the state saved, or one that is neither the request nor the bot's answer.
      const other = (event: unknown) =>
        !mentions(event, text) && !(questionId !== undefined && holdsValue(event, questionId)) && !replyTexts.some((reply) => mentions(event, reply));
      const shows = (json: unknown) => mentions(json, state.widget) || eventsOf(json).some(other);
      const { seen } = await chat.pollUntil({ clientId, all: true }, (s) => s.some(shows), chatTarget.timing.longPollMaxMs);
      expect(seen.some(shows), `a widget state change on another page: with all=true the events show the state saved (${JSON.stringify(state)})`).toBe(true);
    });
  });

  test('cid filters events by connection', { tag: ['@events.cid-filter'] }, async ({ chat, chatTarget, check }) => {
    const clientId = ChatApi.newClientId();
    const started = Date.now();
    const [cidA, cidB] = [ChatApi.newCid(), ChatApi.newCid()];
    const other = marker('connection-b');
    const own = marker('connection-a');
    // B's request comes before connection A exists: outside A under either reading of the sentence.
    await chat.converse(clientId, other, cidB);
    await chat.converse(clientId, own, cidA);
    await check('events.cid-filter', async () => {
      const ts = chat.targetTimeAtOrBefore(started);
      const { seen } = await chat.pollUntil({ clientId, all: true, cid: cidA, ts }, (s) => s.some((x) => mentions(x, own)), chatTarget.timing.longPollMaxMs);
      expect(
        seen.some((s) => mentions(s, own)),
        `events of cid ${cidA} hold its request "${own}"`,
      ).toBe(true);
      expect(
        seen.some((s) => mentions(s, other)),
        `events of cid ${cidA} hold nothing of cid ${cidB}'s earlier request "${other}"`,
      ).toBe(false);
    });
  });
});
