// Message statuses: get one, update one, update several, the unread count, and what is refused.
import { randomUUID } from 'node:crypto';
import { edgeCasesOf } from '../../lib/cases.ts';
import { numbersIn, propertyValues, stringsIn } from '../../lib/jsonSearch.ts';
import { schemaOf } from '../../lib/schemas.ts';
import { isAccepted } from '../../lib/expectations.ts';
import type { Reply } from '../../lib/httpClient.ts';
import { ChatApi, expect, messageIdsNear, test } from './chatApi.ts';

const DOC = 'chat-api';
/** The documented statuses, and those a sent message moves on to, read from the schema (the one place the lists live). */
const STATUSES = (schemaOf(DOC, 'MessageStatus').enum ?? []) as string[];
const FORWARD = (schemaOf(DOC, 'ForwardStatus').enum ?? []) as string[];

/**
 * The status an answer names: the one documented value found in it, else the text of its `status`
 * field (a vendor's own status), else a bare text body.
 */
function statusIn(reply: Reply): string | undefined {
  const named = [...new Set(stringsIn(reply.json ?? reply.text).filter((s) => STATUSES.includes(s)))];
  if (named.length === 1) return named[0];
  const field = propertyValues(reply.json, 'status').filter((v): v is string => typeof v === 'string');
  if (field.length === 1) return field[0];
  return typeof reply.json === 'string' ? reply.json : undefined;
}

/** Sets a status on a fresh bot message and reads it back: the document sets no order of statuses, so no message is set twice. */
async function setFresh(chat: ChatApi, clientId: string, status: string): Promise<void> {
  const id = await chat.messageId(clientId, `set me to ${status}`);
  expect(id, NO_ID).toBeDefined();
  expect(await chat.setStatus(clientId, id!, { status })).toBe2xx(`setting ${status}`);
  expect(await readStatus(chat, clientId, id!), `the status reads ${status} after the update`).toBe(status);
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
  expect(reply).toBe2xx(`getting the status of ${questionId}`);
  return statusIn(reply);
}

async function readCount(chat: ChatApi, clientId: string): Promise<number> {
  const reply = await chat.notReadCount(clientId);
  expect(reply).toBe2xx('getting the unread count');
  const count = countIn(reply);
  expect(count, `the unread count is a number in the answer: ${reply.text.slice(0, 200)}`).toEqual(expect.any(Number));
  return count!;
}

test.describe('message statuses', () => {
  test(
    'the status of a bot message can be read and set to every documented value',
    { tag: ['@status.get', '@status.update-one', '@status.update-any'] },
    async ({ chat, check, skipCheck }) => {
      const clientId = ChatApi.newClientId();
      const questionId = await chat.messageId(clientId, 'status please');
      if (!questionId) await skipCheck('status.get', NO_ID);
      await check('status.get', async () => {
        const reply = await chat.getStatus(clientId, questionId!);
        expect(reply).toBe2xx('getting the status');
        expect(statusIn(reply), `the answer names a status (one of ${STATUSES.join(', ')}, or a status field): ${reply.text.slice(0, 200)}`).toBeDefined();
      });
      await check('status.update-one', async () => {
        for (const status of FORWARD)
          await test.step(`«В теле запроса укажите новое значение для поля status»: ${status}`, () => setFresh(chat, clientId, status));
      });
      await check('status.update-any', async () => {
        for (const status of STATUSES.filter((s) => !FORWARD.includes(s)))
          await test.step(`a move the document neither allows nor forbids: ${status}`, () => setFresh(chat, clientId, status));
      });
    },
  );

  test('several statuses are updated with `statuses`', { tag: ['@status.update-many'] }, async ({ chat, chatTarget, check, skipCheck }) => {
    const clientId = ChatApi.newClientId();
    const ids = [await chat.messageId(clientId, 'first'), await chat.messageId(clientId, 'second')];
    if (ids.includes(undefined)) await skipCheck('status.update-many', NO_ID);
    const wanted = [STATUSES.find((s) => s === 'READ') ?? STATUSES[0], STATUSES.find((s) => s === 'DELIVERED') ?? STATUSES[1]];
    const update = () => chat.setStatuses(clientId, { statuses: ids.map((questionId, i) => chat.statusItem(questionId!, wanted[i])) });
    // Undeclared, the item shape is the harness's reading: a refusal of it, or an answer that changes
    // nothing (a server may ignore fields it does not know), says nothing of the server.
    const probe = chatTarget.statusItem ? undefined : await update();
    const declare = 'declare statusItem {"id": "<field of the message id>", "status": "<field of the status>"} in the target file';
    const reading = `the item shape {"questionId", "status"} is the harness's reading (the document names only «массив JSON-объектов»)`;
    if (probe && probe.status >= 300) await skipCheck('status.update-many', `${reading} and was answered ${probe.status}: ${declare}`);
    if (probe) {
      const read = await Promise.all(ids.map((questionId) => chat.getStatus(clientId, questionId!).then(statusIn)));
      if (!read.some((status, i) => status === wanted[i]))
        await skipCheck('status.update-many', `${reading}, and the update answered ${probe.status} but changed no listed message: ${declare}`);
    }
    await check('status.update-many', async () => {
      const reply = probe ?? (await update());
      expect(reply).toBe2xx('updating two statuses');
      for (const [i, questionId] of ids.entries()) {
        expect(await readStatus(chat, clientId, questionId!), `message ${questionId} reads ${wanted[i]}`).toBe(wanted[i]);
      }
    });
  });

  test(
    'a status outside the documented list is refused, and changes nothing',
    { tag: ['@status.unknown-value', '@status.exact-value'] },
    async ({ chat, check, eachCase, skipCheck, hasRequirement }) => {
      const clientId = ChatApi.newClientId();
      const questionId = await chat.messageId(clientId, 'keep my status');
      if (!questionId) await skipCheck('status.unknown-value', NO_ID);
      const before = await readStatus(chat, clientId, questionId!);
      /** The generated cases of a requirement, through both methods; bulk items in the target's shape, so only the status can explain a refusal. */
      const casesOf = (requirement: string) => ({
        one: edgeCasesOf(DOC, 'StatusUpdate', { status: 'READ' }).filter((c) => c.requirement === requirement),
        many: edgeCasesOf(DOC, 'StatusesUpdate', { statuses: [{ questionId, status: 'READ' }] })
          .filter((c) => c.requirement === requirement)
          .map((c) => {
            const list = (c.body as { statuses?: unknown }).statuses;
            return Array.isArray(list)
              ? { ...c, body: { ...(c.body as object), statuses: list.map((item: Record<string, unknown>) => chat.asStatusItem(item)) } }
              : c;
          }),
      });
      /** Each case through its method, expected refused with a 4xx. */
      const refused = ({ one, many }: ReturnType<typeof casesOf>) =>
        eachCase(
          [
            ...one.map((c) => ({ c, send: () => chat.setStatus(clientId, questionId!, c.body), via: 'POST …/status' })),
            ...many.map((c) => ({ c, send: () => chat.setStatuses(clientId, c.body), via: 'POST …/message-statuses' })),
          ],
          async ({ c, send, via }) => expect(await send()).toBeRefused(`${via}: ${c.title}`),
        );
      const unknown = casesOf('status.unknown-value');
      expect(unknown.one.length + unknown.many.length, 'the schema yields invalid status cases').toBeGreaterThan(0);
      await check('status.unknown-value', async () => {
        await refused(unknown);
        expect(await readStatus(chat, clientId, questionId!), 'the stored status is unchanged').toBe(before);
      });
      // After the stored status is checked: a lenient server may store "sent" as SENT.
      if (hasRequirement('status.exact-value')) await check('status.exact-value', () => refused(casesOf('status.exact-value')));
    },
  );

  test('the history gives the ids the status methods take', { tag: ['@status.id-from-history'] }, async ({ chat, check }) => {
    const clientId = ChatApi.newClientId();
    const query = `where is my id ${ChatApi.newCid()}`;
    const { replyTexts } = await chat.exchange(clientId, query);
    await check('status.id-from-history', async () => {
      const history = await chat.history(clientId);
      expect(history).toBe2xx('history of all time');
      // «Чтобы получить идентификатор, воспользуйтесь методом GET …/history»: beside the bot's answer, or the query.
      const ids = [...new Set([...replyTexts, query].flatMap((text) => messageIdsNear(history.json, text)))];
      expect(ids, `the history names an id (questionId, messageId or id) beside the message\n${history.text.slice(0, 300)}`).not.toEqual([]);
      const tried: { id: string; reply: Reply }[] = [];
      for (const id of ids) tried.push({ id, reply: await chat.getStatus(clientId, id) });
      const said = tried.map(({ id, reply }) => `${id} → ${reply.status} ${reply.text.slice(0, 100)}`).join('; ');
      expect(
        tried.some(({ reply }) => isAccepted(reply) && statusIn(reply) !== undefined),
        `GET …/message/{questionId}/status takes an id the history gives, and names a status: ${said}`,
      ).toBe(true);
    });
  });

  test('an unknown message is answered with a 4xx', { tag: ['@status.unknown-message'] }, async ({ chat, check }) => {
    const clientId = ChatApi.newClientId();
    await chat.converse(clientId, 'a known message');
    const unknown = randomUUID();
    await check('status.unknown-message', async () => {
      expect(await chat.getStatus(clientId, unknown)).toBeRefused('getting the status of an unknown questionId');
      expect(await chat.setStatus(clientId, unknown, { status: 'READ' })).toBeRefused('updating the status of an unknown questionId');
    });
  });

  test(
    'message-not-read-count follows the statuses',
    { tag: ['@status.not-read-count', '@status.not-read-count-zero'] },
    async ({ chat, check, skipCheck }) => {
      const clientId = ChatApi.newClientId();
      const ids = [await chat.messageId(clientId, 'unread one'), await chat.messageId(clientId, 'unread two')];
      if (ids.includes(undefined)) await skipCheck('status.not-read-count', NO_ID);
      await check('status.not-read-count', async () => {
        const initial = await readCount(chat, clientId);
        expect(initial, 'two bot answers nobody read count as unread').toBeGreaterThan(0);
        expect(await chat.setStatus(clientId, ids[0]!, { status: 'READ' })).toBe2xx('marking the first answer READ');
        const afterOne = await readCount(chat, clientId);
        expect(afterOne, `the count falls once a message is READ (was ${initial})`).toBeLessThan(initial);
      });
      await check('status.not-read-count-zero', async () => {
        expect(await chat.setStatus(clientId, ids[1]!, { status: 'READ' })).toBe2xx('marking the second answer READ');
        expect(await readCount(chat, clientId), 'every bot message is READ: nothing is unread').toBe(0);
      });
    },
  );
});
