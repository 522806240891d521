// The Lia reference on its own: it runs the document's example dialogue word for word, checks the
// key, reads incoming events as the document describes them, and keeps its answers within the
// document's limits (so that the faults that break them are realistic departures from it).
import './support/setup.ts';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSuite } from '../lib/runSuite.ts';
import { BOT_QUERIES } from '../reference/lia/bot.ts';
import { readRequest, Refusal } from '../reference/lia/incoming.ts';
import { startLiaReference } from '../reference/lia/server.ts';
import { ONE_WORKER } from './support/cliRuns.ts';

const KEY = 'lia-test-key';
let reference: Awaited<ReturnType<typeof startLiaReference>>;

before(async () => {
  reference = await startLiaReference({ key: KEY, faults: new Set() });
});
after(() => reference.close());

type Answer = { user_id: string; events: { type: string; params: { text?: string; quick_replies?: unknown[]; buttons?: unknown[] } }[] };

async function post(body: unknown, key: string | null = KEY, baseUrl = reference.url): Promise<{ status: number; json: Answer }> {
  const url = new URL('/api/v1/handling/event', baseUrl);
  if (key !== null) url.searchParams.set('key', key);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as Answer };
}

/** Runs the tests `grep` selects against the reference with the section given (declaring less than its own); nothing may fail. */
async function runWithout(section: object, grep: string) {
  const root = mkdtempSync(join(tmpdir(), 'lia-'));
  writeFileSync(join(root, 'target.json'), JSON.stringify({ name: 'undeclared', apis: { lia: section } }));
  const run = await runSuite({
    reportDir: join(root, 'reports'),
    env: { CONFORMANCE_TARGET: join(root, 'target.json'), ...ONE_WORKER },
    apis: ['lia'],
    grep,
  });
  assert.equal(run.exitCode, 0, run.output.slice(-2000));
  return run.report!;
}

const texts = (json: Answer) => json.events.filter((e) => e.type === 'text').map((e) => e.params.text);
const quickReplies = (json: Answer) => json.events.find((e) => e.params.quick_replies)?.params.quick_replies ?? [];

describe("the document's example dialogue", () => {
  test('Запрос 1 and Запрос 2 are answered as in Ответ 1 and Ответ 2', async () => {
    const first = await post({
      user_id: 'user-128',
      event: { type: 'text', params: { text: 'Привет, Lia! Запиши меня на демо' } },
      facts: { first_name: 'Иван', last_name: 'Петров' },
    });
    assert.equal(first.status, 200);
    assert.equal(first.json.user_id, 'user-128');
    assert.deepEqual(texts(first.json), ['Здравствуйте, Иван!', 'Напишите ваш email']);
    const second = await post({ user_id: 'user-128', event: { type: 'text', params: { text: 'мой email - admin@lia.chat' } } });
    assert.deepEqual(texts(second.json), ['Иван, записала вас, подробности выслала на почту']);
  });
});

describe('the key', () => {
  test('a missing or wrong key is refused with 401', async () => {
    const body = { user_id: 'user-1', event: { type: 'start', params: {} } };
    assert.equal((await post(body, null)).status, 401);
    assert.equal((await post(body, 'wrong')).status, 401);
    assert.equal((await post(body)).status, 200);
  });
});

describe('incoming events', () => {
  const text = (t: unknown, userId = 'user-1') => ({ user_id: userId, event: { type: 'text', params: { text: t } } });
  const refusal = (body: unknown) => assert.throws(() => readRequest(body, new Set()), Refusal);

  test('user_id takes English letters, digits and hyphens only', () => {
    assert.equal(readRequest(text('hi', 'User-128-x'), new Set()).userId, 'User-128-x');
    for (const id of ['user_128', 'юзер', 'a b', '']) refusal(text('hi', id));
  });

  test('strings are accepted up to 1024 characters, counted as characters', () => {
    assert.equal(readRequest(text('я'.repeat(1024)), new Set()).event.type, 'text');
    refusal(text('a'.repeat(1025)));
    refusal(text(12345));
  });

  test('each type requires its params; raw proba stays within 0..1', () => {
    refusal({ user_id: 'u', event: { type: 'location', params: { location: { lat: 1 } } } });
    refusal({ user_id: 'u', event: { type: 'sticker', params: {} } });
    refusal({ user_id: 'u', event: { type: 'buttons', params: {} } });
    refusal({ user_id: 'u', event: { type: 'raw', params: { intents: { demo: { proba: 1.01 } } } } });
    const raw = readRequest({ user_id: 'u', event: { type: 'raw', params: { intents: { demo: { proba: 1 } } } } }, new Set());
    assert.deepEqual(raw.event, { type: 'raw', intents: new Map([['demo', 1]]), entities: new Map() });
  });
});

describe("the project's intents, the method and the media type", () => {
  test('every intent the reference declares is one its bot answers, not the fallback', async () => {
    assert.ok(reference.section.intents?.length);
    const fallback = texts((await post({ user_id: 'user-4', event: { type: 'intent', params: { intent: 'no-such-intent' } } })).json);
    for (const intent of reference.section.intents!) {
      const { status, json } = await post({ user_id: 'user-4', event: { type: 'intent', params: { intent } } });
      assert.equal(status, 200, intent);
      assert.notDeepEqual(texts(json), fallback, intent);
    }
  });

  test('a target that declares no intents or entities: the raw checks are skipped, with the reason, and nothing fails', async () => {
    const { intents: _intents, entities: _entities, ...section } = reference.section;
    const report = await runWithout(section, '@incoming\\.raw-');
    const reasons: [string, RegExp][] = [
      ['incoming.raw-proba', /declares no intents/],
      ['incoming.raw-proba-bounds', /declares no intents/],
      ['incoming.raw-intents', /declares no intents/],
      ['incoming.raw-entities', /declares no entities/],
    ];
    for (const [key, reason] of reasons) {
      const found = report.requirements.find((r) => r.id === `lia.${key}`);
      assert.equal(found?.status, 'skipped', key);
      assert.match(found?.reason ?? '', reason, key);
    }
  });

  test('another method is refused with 405; answers are labelled JSON as in the document, or as the variants label them', async () => {
    const start = JSON.stringify({ user_id: 'user-5', event: { type: 'start', params: {} } });
    const at = (baseUrl: string) => `${baseUrl}/api/v1/handling/event?key=${KEY}`;
    for (const method of ['GET', 'PUT'])
      assert.equal((await fetch(at(reference.url), { method, ...(method === 'GET' ? {} : { body: start }) })).status, 405, method);
    const labels: [string[], string][] = [
      [[], 'application/json; charset=utf-8'],
      [['lia-json-no-charset'], 'application/json'],
      [['lia-json-vendor-type'], 'application/vnd.lia.events+json; charset=utf-8'],
    ];
    for (const [variants, label] of labels) {
      const lia = await startLiaReference({ key: KEY, faults: new Set(), variants: new Set(variants) });
      try {
        assert.equal((await fetch(at(lia.url), { method: 'POST', body: start })).headers.get('content-type'), label);
      } finally {
        await lia.close();
      }
    }
  });
});

describe('outgoing events', () => {
  const asking = (text: string) => ({ user_id: 'user-2', event: { type: 'text', params: { text } } });

  test('the list of every topic is capped at 20 though the project has more topics', async () => {
    const topics = asking(BOT_QUERIES.longListQuery);
    assert.equal(quickReplies((await post(topics)).json).length, 20);
    const uncapped = await startLiaReference({ key: KEY, faults: new Set(['lia-quick-replies-uncapped']) });
    try {
      assert.ok(quickReplies((await post(topics, KEY, uncapped.url)).json).length > 20);
    } finally {
      await uncapped.close();
    }
  });

  test('each text the reference declares (bot) is answered with what it is declared to carry', async () => {
    assert.deepEqual(reference.section.bot, BOT_QUERIES);
    const typesOf = async (text: string) => (await post(asking(text))).json.events.map((e) => e.type);
    const menu = (await post(asking(BOT_QUERIES.buttonsQuery))).json.events.find((e) => e.type === 'buttons');
    const buttonTypes = new Set((menu?.params.buttons as { type: string }[] | undefined)?.map((b) => b.type));
    assert.deepEqual(buttonTypes, new Set(['text', 'url', 'intent', 'send_location', 'send_email', 'send_phone']), 'a button of every type');
    assert.ok((await typesOf(BOT_QUERIES.mediaQuery)).some((t) => ['image', 'audio', 'video', 'file'].includes(t)));
    assert.ok((await typesOf(BOT_QUERIES.locationQuery)).includes('location'));
  });

  test('bot texts not declared, or answered without what they were to carry: those checks are skipped, each with its reason, and nothing fails', async () => {
    // The bot answers this text with plain text: declared as the media text, it gives outgoing.media nothing to judge.
    const report = await runWithout({ ...reference.section, bot: { mediaQuery: 'Как дела?' } }, 'declared bot\\.');
    const reasons: [string, RegExp][] = [
      ['outgoing.buttons', /declares no bot\.buttonsQuery/],
      ['outgoing.button-types', /declares no bot\.buttonsQuery/],
      ['outgoing.media', /bot\.mediaQuery "Как дела\?" gave outgoing\.media nothing to judge/],
      ['outgoing.location', /declares no bot\.locationQuery/],
      ['outgoing.list-max', /declares no bot\.longListQuery/],
    ];
    for (const [key, reason] of reasons) {
      const found = report.requirements.find((r) => r.id === `lia.${key}`);
      assert.equal(found?.status, 'skipped', key);
      assert.match(found?.reason ?? '', reason, key);
    }
  });

  test('a text longer than a string may be is answered in several messages', async () => {
    const { json } = await post({ user_id: 'user-3', event: { type: 'text', params: { text: 'ж'.repeat(1024) } } });
    const parts = texts(json);
    assert.equal(parts.length, 2);
    for (const part of parts) assert.ok([...(part ?? '')].length <= 1024);
  });
});
