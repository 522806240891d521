// Message statuses: get one, update one, update several, the unread count, and what is refused.
import { randomUUID } from 'node:crypto';
import { mutationsOf } from '../../lib/cases.ts';
import { numbersIn, stringsIn } from '../../lib/jsonSearch.ts';
import { schemaOf } from '../../lib/schemas.ts';
import { assert2xx, assert4xx } from '../../lib/statusExpectations.ts';
import type { Reply } from '../../lib/httpClient.ts';
import { ChatApi, expect, test } from './chatApi.ts';

const DOC = 'chat-api';
/** The documented statuses, read from the schema (the one place the list lives). */
const STATUSES = (schemaOf(DOC, 'MessageStatus').enum ?? []) as string[];

/** The status an answer names: the one documented status value found in it. */
function statusIn(reply: Reply): string | undefined {
  const named = [...new Set(stringsIn(reply.json ?? reply.text).filter((s) => STATUSES.includes(s)))];
  return named.length === 1 ? named[0] : undefined;
}

/** The unread count: the body's number, its only number, or its property named like "count". */
function countIn(reply: Reply): number | undefined {
  const numbers = numbersIn(reply.json);
  if (numbers.length === 1) return numbers[0].value;
  return numbers.find(({ key }) => /count/i.test(key))?.value;
}

const NO_ID = 'no questionId for a bot message: neither the sync answer nor the history names one';

async function readStatus(chat: ChatApi, clientId: string, questionId: string): Promise<string | undefined> {
  const reply = await chat.getStatus(clientId, questionId);
  assert2xx(reply, `getting the status of ${questionId}`);
  return statusIn(reply);
}

async function readCount(chat: ChatApi, clientId: string): Promise<number> {
  const reply = await chat.notReadCount(clientId);
  assert2xx(reply, 'getting the unread count');
  const count = countIn(reply);
  expect(count, `the unread count is a number in the answer: ${reply.text.slice(0, 200)}`).toEqual(expect.any(Number));
  return count!;
}

test.describe('message statuses', () => {
  test('the status of a bot message can be read and set to every documented value', { tag: ['@status.get', '@status.update-one'] }, async ({ chat, check, skipCheck }) => {
    const clientId = ChatApi.newClientId();
    const questionId = await chat.messageId(clientId, 'status please');
    if (!questionId) await skipCheck('status.get', NO_ID);
    await check('status.get', async () => {
      const reply = await chat.getStatus(clientId, questionId!);
      assert2xx(reply, 'getting the status');
      expect(statusIn(reply), `the answer names one of ${STATUSES.join(', ')}: ${reply.text.slice(0, 200)}`).toBeDefined();
    });
    await check('status.update-one', async () => {
      // A fresh message per value: the document sets no order of statuses, so no transition is assumed.
      for (const status of STATUSES) {
        await test.step(`«В теле запроса укажите новое значение для поля status»: ${status}`, async () => {
          const id = await chat.messageId(clientId, `set me to ${status}`);
          expect(id, NO_ID).toBeDefined();
          assert2xx(await chat.setStatus(clientId, id!, { status }), `setting ${status}`);
          expect(await readStatus(chat, clientId, id!), `the status reads ${status} after the update`).toBe(status);
        });
      }
    });
  });

  test('several statuses are updated with `statuses`', { tag: ['@status.update-many'] }, async ({ chat, check, skipCheck }) => {
    const clientId = ChatApi.newClientId();
    const ids = [await chat.messageId(clientId, 'first'), await chat.messageId(clientId, 'second')];
    if (ids.includes(undefined)) await skipCheck('status.update-many', NO_ID);
    const wanted = [STATUSES.find((s) => s === 'READ') ?? STATUSES[0], STATUSES.find((s) => s === 'DELIVERED') ?? STATUSES[1]];
    await check('status.update-many', async () => {
      const reply = await chat.setStatuses(clientId, { statuses: ids.map((questionId, i) => ({ questionId, status: wanted[i] })) });
      assert2xx(reply, 'updating two statuses');
      for (const [i, questionId] of ids.entries()) {
        expect(await readStatus(chat, clientId, questionId!), `message ${questionId} reads ${wanted[i]}`).toBe(wanted[i]);
      }
    });
  });

  test('a status outside the documented list is refused, and changes nothing', { tag: ['@status.unknown-value'] }, async ({ chat, check, skipCheck }) => {
    const clientId = ChatApi.newClientId();
    const questionId = await chat.messageId(clientId, 'keep my status');
    if (!questionId) await skipCheck('status.unknown-value', NO_ID);
    const before = await readStatus(chat, clientId, questionId!);
    const one = mutationsOf(DOC, 'StatusUpdate', { status: 'READ' }).filter((c) => c.requirement === 'status.unknown-value');
    const many = mutationsOf(DOC, 'StatusesUpdate', { statuses: [{ questionId, status: 'READ' }] }).filter((c) => c.requirement === 'status.unknown-value');
    expect(one.length + many.length, 'the schema yields invalid status cases').toBeGreaterThan(0);
    await check('status.unknown-value', async () => {
      for (const c of one) {
        await test.step(`POST …/status: ${c.title}`, async () => assert4xx(await chat.setStatus(clientId, questionId!, c.body), c.title));
      }
      for (const c of many) {
        await test.step(`POST …/message-statuses: ${c.title}`, async () => assert4xx(await chat.setStatuses(clientId, c.body), c.title));
      }
      expect(await readStatus(chat, clientId, questionId!), 'the stored status is unchanged').toBe(before);
    });
  });

  test('an unknown message is answered with a 4xx', { tag: ['@status.unknown-message'] }, async ({ chat, check }) => {
    const clientId = ChatApi.newClientId();
    await chat.converse(clientId, 'a known message');
    const unknown = randomUUID();
    await check('status.unknown-message', async () => {
      assert4xx(await chat.getStatus(clientId, unknown), 'getting the status of an unknown questionId');
      assert4xx(await chat.setStatus(clientId, unknown, { status: 'READ' }), 'updating the status of an unknown questionId');
    });
  });

  test('message-not-read-count follows the statuses', { tag: ['@status.not-read-count', '@status.not-read-count-zero'] }, async ({ chat, check, skipCheck }) => {
    const clientId = ChatApi.newClientId();
    const ids = [await chat.messageId(clientId, 'unread one'), await chat.messageId(clientId, 'unread two')];
    if (ids.includes(undefined)) await skipCheck('status.not-read-count', NO_ID);
    await check('status.not-read-count', async () => {
      const initial = await readCount(chat, clientId);
      expect(initial, 'two bot answers nobody read count as unread').toBeGreaterThan(0);
      assert2xx(await chat.setStatus(clientId, ids[0]!, { status: 'READ' }), 'marking the first answer READ');
      const afterOne = await readCount(chat, clientId);
      expect(afterOne, `the count falls once a message is READ (was ${initial})`).toBeLessThan(initial);
    });
    await check('status.not-read-count-zero', async () => {
      assert2xx(await chat.setStatus(clientId, ids[1]!, { status: 'READ' }), 'marking the second answer READ');
      expect(await readCount(chat, clientId), 'every bot message is READ: nothing is unread').toBe(0);
    });
  });
});
