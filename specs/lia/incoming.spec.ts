// Incoming events (п. 1): every documented type with the params it requires, optional facts of
// any JSON values, raw events naming the project's intents and entities as the document types
// them, and user_id of English letters, digits and hyphen — «В остальных случаях вы будете
// получать ошибки».
import fc from 'fast-check';
import { caseCount, RUN_SEED, sampleValid } from '../../lib/cases.ts';
import { openApi, schemaOf } from '../../lib/schemas.ts';
import { ANSWER_TAGS, REFUSAL_TAG } from './expectations.ts';
import { DOC, EVENT_SCHEMAS, example, LiaApi, NAMED_BY_PROJECT, TIMED, test, type LiaEvent, type LiaRequest } from './liaApi.ts';

/** Event schemas whose params are free values, so that any generated instance must be accepted. */
const FREE_EVENTS = EVENT_SCHEMAS.filter((name) => !NAMED_BY_PROJECT.has(name));

/** One value of every JSON kind: facts are «JSON-объект с ключами типа string и значениями типа Any». */
const EVERY_JSON_KIND = {
  first_name: 'Иван',
  age: 42,
  balance: -17.5,
  vip: true,
  middle_name: null,
  tags: ['demo', 1, false],
  address: { city: 'Москва', geo: [55.75, 37.62] },
};

/** user_ids with one character the pattern of UserId does not allow, between two parts it does. */
function userIdsOutsideCharset(count: number): string[] {
  const allowed = new RegExp(schemaOf(DOC, 'UserId').pattern!);
  const part = fc.stringMatching(allowed);
  const outside = fc
    .oneof(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }))
    .filter((c) => !allowed.test(c));
  return fc.sample(
    fc.tuple(part, outside, part).map(([a, c, b]) => a + c + b),
    { numRuns: count, seed: RUN_SEED },
  );
}

test.describe('incoming events', TIMED, () => {
  test(
    'an event of every documented type with its params is accepted, for generated events',
    { tag: ['@incoming.event-types', ...ANSWER_TAGS] },
    async ({ lia, expectations }) => {
      test.info().annotations.push({ type: 'seed', description: `CONFORMANCE_SEED=${RUN_SEED} replays these cases` });
      const bodies: LiaRequest[] = FREE_EVENTS.flatMap((name, i) => {
        const events = sampleValid(DOC, name, caseCount(4), RUN_SEED + i) as LiaEvent[];
        // Each generated event goes in a generated request: a generated user_id, and facts or none.
        const requests = sampleValid(DOC, 'IncomingRequest', events.length, RUN_SEED + 100 + i) as LiaRequest[];
        return events.map((event, j) => ({ ...requests[j], event }));
      });
      // raw: intents and entities are both optional, and the harness cannot know the project's names.
      bodies.push({ user_id: LiaApi.newUserId(), event: example('RawEvent') });
      const requests = bodies.map((body) => ({ what: `${body.event.type} event ${JSON.stringify(body).slice(0, 200)}`, body }));
      await expectations.allAccepted('incoming.event-types', requests, (body) => lia.send(body));
    },
  );

  test(
    'facts are optional and take any JSON values, with a text event and with the start of a dialogue',
    { tag: ['@incoming.facts', ...ANSWER_TAGS] },
    async ({ lia, expectations }) => {
      const event = example('TextEvent');
      const facts = [EVERY_JSON_KIND, ...(sampleValid(DOC, 'Facts', caseCount(4)) as Record<string, unknown>[])];
      const bodies: LiaRequest[] = [{ user_id: LiaApi.newUserId(), event }, ...facts.map((f) => ({ user_id: LiaApi.newUserId(), event, facts: f }))];
      // A start's params are empty («пустой объект»): what it carries is the facts the dialogue starts with.
      bodies.push({ user_id: LiaApi.newUserId(), event: example('StartEvent'), facts: EVERY_JSON_KIND });
      const requests = bodies.map((body) => ({
        what: `${body.event.type} event, ${body.facts ? `facts ${JSON.stringify(body.facts).slice(0, 200)}` : 'no facts'}`,
        body,
      }));
      await expectations.allAccepted('incoming.facts', requests, (body) => lia.send(body));
    },
  );

  test(
    'a raw event names a declared intent as a string, and scores it as an object',
    { tag: ['@incoming.raw-intents', ...ANSWER_TAGS] },
    async ({ lia, expectations, intent }) => {
      // «intents — string: Список названий намерений» (one name: the document gives no separator), and п. 1.1.2's {name: {proba}}.
      const forms: [string, unknown][] = [
        ['a string', intent],
        ['an object of scores', { [intent]: { proba: example<number>('Proba') } }],
      ];
      const requests = forms.map(([what, intents]) => ({
        what: `raw intents as ${what}: ${JSON.stringify(intents)}`,
        body: { user_id: LiaApi.newUserId(), event: { type: 'raw', params: { intents } } },
      }));
      await expectations.allAccepted('incoming.raw-intents', requests, (body) => lia.send(body));
    },
  );

  test(
    'a raw event gives a declared entity a value of every JSON kind',
    { tag: ['@incoming.raw-entities', ...ANSWER_TAGS] },
    async ({ lia, expectations, entity }) => {
      // «entities — JSON-объект ... названий сущностей ... и значений типа Any».
      const requests = Object.values(EVERY_JSON_KIND).map((value) => {
        const entities = { [entity]: value };
        return { what: `raw entities ${JSON.stringify(entities)}`, body: { user_id: LiaApi.newUserId(), event: { type: 'raw', params: { entities } } } };
      });
      await expectations.allAccepted('incoming.raw-entities', requests, (body) => lia.send(body));
    },
  );

  test(
    'a user_id of English letters, digits and hyphens is accepted',
    { tag: ['@incoming.user-id-charset', ...ANSWER_TAGS] },
    async ({ lia, expectations }) => {
      const ids = sampleValid(DOC, 'UserId', caseCount(6)) as string[];
      const requests = ids.map((user_id) => ({ what: `user_id ${JSON.stringify(user_id)}`, body: { user_id, event: example('TextEvent') } }));
      await expectations.allAccepted('incoming.user-id-charset', requests, (body) => lia.send(body));
    },
  );

  test('a user_id with any other character gets an error', { tag: ['@incoming.user-id-charset', REFUSAL_TAG] }, async ({ lia, expectations }) => {
    const listed = openApi(DOC).components?.examples?.UserIdOutsideCharset as { value: string[] };
    const requests = [...listed.value, ...userIdsOutsideCharset(caseCount(6))].map((user_id) => ({
      what: `user_id ${JSON.stringify(user_id)}`,
      body: { user_id, event: example('TextEvent') },
    }));
    await expectations.allRefused('incoming.user-id-charset', requests, (body) => lia.send(body));
  });
});
