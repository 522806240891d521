// GET /chatapi/{token}/events: what a poll returns (at most 250, by cid, since the last poll, a
// state change). Its waits (a poll that blocks or returns on an event from another cid, the
// agent-only default, the ts gap, an agent's reply) are observed with the Chat API's others in
// waits.spec.ts.
// Events are recognised by unique marker texts in the queries the test sends, never by layout:
// the event format is not public, so a check looks for its own traffic anywhere in the body.
import { holdsValue, longestObjectArray, mentions, stringsIn } from '../../lib/jsonSearch.ts';
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
