// Synchronous client requests: POST /chatapi/{token} and the simplified GET.
import { randomUUID } from 'node:crypto';
import { caseCount, RUN_SEED, sampleValid } from '../../lib/cases.ts';
import { holdsValue, mentions, propertyValues } from '../../lib/jsonSearch.ts';
import { componentSchema } from '../../lib/schemas.ts';
import { ChatApi, expect, messageIdOf, test } from './chatApi.ts';

const DOC = 'chat-api';

/**
 * «Метод возвращает подробную информацию о запросе»: the weakest reading every such answer meets —
 * it names the request by the clientId or the query sent, or by an id (questionId, messageId, id).
 */
const namesRequest = (json: unknown, body: { clientId: string; query: string }) =>
  mentions(json, body.clientId) || holdsValue(json, body.query) || messageIdOf(json) !== undefined;

/** «Это произвольная строка»: connection ids no identifier rule would let through. */
const ARBITRARY_CIDS: [string, string][] = [
  ['a UUID', randomUUID()],
  ['Cyrillic text', `соединение ${ChatApi.newCid()}`],
  // Long, but within a VARCHAR(255): the sentence is about what a cid may hold, not how long it may be.
  ['120 characters', ChatApi.newCid().repeat(10)],
];

test.describe('POST /chatapi/{token}: synchronous client requests', () => {
  test('a text query is answered, for generated queries', { tag: ['@sync.text-query', '@sync.answer-shape'] }, async ({ chat, check, eachCase }) => {
    const requests = [...sampleValid(DOC, 'TextRequest', caseCount(195)), ...sampleValid(DOC, 'UnicodeTextRequest', caseCount(195), RUN_SEED + 1)] as {
      clientId: string;
      query: string;
    }[];
    test.info().annotations.push({ type: 'seed', description: `CONFORMANCE_SEED=${RUN_SEED} replays these ${requests.length} cases` });
    const answered: { body: unknown; json: unknown }[] = [];
    // One check per requirement over every case (a step per case would cost Playwright quadratically).
    await check('sync.text-query', async () => {
      // Cases are independent (a fresh client each), so several go at once, within the target's pace.
      await eachCase(requests, async (request, i) => {
        const body = { ...request, clientId: `${ChatApi.newClientId()}-${i}` };
        const reply = await chat.sync(body);
        expect(reply).toBe2xx(`text query ${JSON.stringify(body.query)}`);
        expect(reply.json, 'the answer is a JSON body').toBeDefined();
        expect(
          namesRequest(reply.json, body),
          `the answer carries information about the request (its clientId or query, or an id: questionId, messageId, id): ${reply.text.slice(0, 200)}`,
        ).toBe(true);
        answered.push({ body, json: reply.json });
      });
    });
    await check('sync.answer-shape', async () => {
      for (const { body, json } of answered) {
        expect(json).toValidateAgainst(componentSchema(DOC, 'SyncResponse'), `the answer to ${JSON.stringify(body)}`);
      }
    });
  });

  test('an event is accepted instead of a query', { tag: ['@sync.event'] }, async ({ chat, check }) => {
    const event = chat.event;
    await check('sync.event', async () => {
      const reply = await chat.sync({ clientId: ChatApi.newClientId(), event });
      expect(reply).toBe2xx(`event ${event}`);
    });
  });

  test('the answer includes the cid that was sent', { tag: ['@sync.returns-cid'] }, async ({ chat, check }) => {
    const cid = ChatApi.newCid();
    await check('sync.returns-cid', async () => {
      const reply = await chat.sync({ clientId: ChatApi.newClientId(), query: 'hello', cid });
      expect(reply).toBe2xx('text query with a cid');
      expect(propertyValues(reply.json, 'cid'), `a "cid" property equal to "${cid}"`).toContain(cid);
    });
  });

  test('the cid is an arbitrary string', { tag: ['@sync.cid-any-string'] }, async ({ chat, check }) => {
    await check('sync.cid-any-string', async () => {
      for (const [what, cid] of ARBITRARY_CIDS) {
        await test.step(`«Это произвольная строка»: ${what}`, async () => {
          const reply = await chat.sync({ clientId: ChatApi.newClientId(), query: 'hello', cid });
          expect(reply).toBe2xx(`text query with ${what} as cid`);
          expect(propertyValues(reply.json, 'cid'), `a "cid" property equal to the ${what} sent`).toContain(cid);
        });
      }
    });
  });

  test('custom $response fields appear under data', { tag: ['@sync.custom-fields'] }, async ({ chat, chatTarget, check, hasRequirement, skipCheck }) => {
    test.skip(!hasRequirement('sync.custom-fields'), "this profile's document has no $response section");
    const custom = chatTarget.bot.customField;
    if (!custom) await skipCheck('sync.custom-fields', 'the target declares no bot.customField (a query whose answer sets $response.<field>)');
    await check('sync.custom-fields', async () => {
      const reply = await chat.sync({ clientId: ChatApi.newClientId(), query: custom!.query });
      expect(reply).toBe2xx(`query ${custom!.query}`);
      const data = (reply.json as { data?: Record<string, unknown> } | undefined)?.data;
      expect(data?.[custom!.field], `data.${custom!.field} holds the value the bot set`).toEqual(custom!.value);
    });
  });
});

test.describe('GET /chatapi/{token}: the simplified method', () => {
  test('returns clientId, query and event', { tag: ['@sync.get-simplified', '@sync.get-simplified-event'] }, async ({ chat, check }) => {
    const clientId = ChatApi.newClientId();
    const reply = await chat.simplified({ clientId, query: 'hello there' });
    await check('sync.get-simplified', async () => {
      expect(reply).toBe2xx('simplified GET with a query');
      const body = reply.json as Record<string, unknown> | undefined;
      expect(body?.clientId, 'clientId as sent').toBe(clientId);
      expect(body?.query, 'query as sent').toBe('hello there');
    });
    await check('sync.get-simplified-event', async () => {
      // Whether `event` is there for a text query is not said: only the event sent must come back.
      const event = chat.event;
      const withEvent = await chat.simplified({ clientId, event });
      expect(withEvent).toBe2xx('simplified GET with an event');
      expect((withEvent.json as Record<string, unknown> | undefined)?.event, 'event as sent').toBe(event);
    });
  });
});
