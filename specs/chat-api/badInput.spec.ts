// Bad input on every method, driven by the OpenAPI document: an unknown token, a body that is not
// JSON, fields of the wrong type. The error format is not public, so any 4xx passes.
import { randomUUID } from 'node:crypto';
import { edgeCasesOf, sampleValid } from '../../lib/cases.ts';
import { operationsOf, type JsonSchema } from '../../lib/schemas.ts';
import { ChatApi, expect, test } from './chatApi.ts';

const DOC = 'chat-api';

interface Operation {
  operationId: string;
  method: string;
  template: string;
  /** The query parameters the document lists. */
  queryParams: string[];
  /** The component schema of the request body, when there is one. */
  bodySchema?: string;
}

/** Every operation of the document, with the target's path overrides applied. */
function operations(chat: ChatApi): Operation[] {
  return operationsOf(DOC).map(({ operationId, operation: op }) => {
    const ref = (op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.['application/json']?.schema?.$ref;
    const queryParams = ((op.parameters as { name: string; in: string }[] | undefined) ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    return { operationId: operationId!, ...chat.template(operationId!), queryParams, bodySchema: ref?.split('/').pop() };
  });
}

/**
 * A valid body for the operation about this client and message: the schema's sample with the
 * known ids put in (a `statuses` item in the target's shape), so nothing but what the test breaks
 * can explain a refusal.
 */
function knownBody(chat: ChatApi, op: Operation, clientId: string, questionId: string): unknown {
  if (!op.bodySchema) return undefined;
  const withIds = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(withIds);
    if (!node || typeof node !== 'object') return node;
    const fields = node as Record<string, unknown>;
    if ('questionId' in fields) return chat.statusItem(questionId, fields.status);
    return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, k === 'clientId' ? clientId : withIds(v)]));
  };
  return withIds(sampleValid(DOC, op.bodySchema, 1)[0]);
}

/** A client with a conversation, and its message: what every method can be called about. */
async function knownClient(chat: ChatApi): Promise<{ clientId: string; questionId: string; note: string }> {
  const clientId = ChatApi.newClientId();
  const questionId = await chat.messageId(clientId, 'a message that exists');
  // Without an id the message methods are called about an unknown one: their 4xx then proves less.
  return questionId ? { clientId, questionId, note: '' } : { clientId, questionId: randomUUID(), note: ' (no questionId known: an unknown message)' };
}

test.describe('bad input is refused with a 4xx', () => {
  test("a token that is not the channel's is refused on every method", { tag: ['@auth.unknown-token'] }, async ({ chat, chatTarget, check }) => {
    const stranger = chat.withToken(`harness-unknown-${randomUUID()}`);
    // A client and a message that exist: only the token can explain a refusal.
    const { clientId, questionId, note } = await knownClient(chat);
    await check('auth.unknown-token', async () => {
      for (const op of operations(chat)) {
        await test.step(`a stranger's token, for a known client: ${op.method} ${op.template}${note}`, async () => {
          const reply = await stranger.http.send({
            method: op.method,
            path: stranger.path(op.template, clientId, questionId),
            // The client, and a text query where the operation takes one (the simplified GET).
            query: Object.fromEntries(op.queryParams.filter((p) => p === 'clientId' || p === 'query').map((p) => [p, p === 'clientId' ? clientId : 'hello'])),
            json: knownBody(chat, op, clientId, questionId),
            // A long poll must refuse a stranger rather than hold it.
            timeoutMs: chatTarget.timing.longPollMaxMs,
          });
          expect(reply).toBeRefused(`${op.method} ${op.template} with an unknown token`);
        });
      }
    });
  });

  test('a body that is not JSON is refused', { tag: ['@input.malformed-json'] }, async ({ chat, check }) => {
    // A client and a message that exist: only the body can explain a refusal.
    const { clientId, questionId, note } = await knownClient(chat);
    await check('input.malformed-json', async () => {
      for (const op of operations(chat).filter((o) => o.bodySchema)) {
        await test.step(`a valid body cut short: ${op.method} ${op.template}${note}`, async () => {
          // Every body here is a JSON object: without its closing brace it is not JSON.
          const body = JSON.stringify(knownBody(chat, op, clientId, questionId)).slice(0, -1);
          const reply = await chat.http.send({ method: op.method, path: chat.path(op.template, clientId, questionId), body });
          expect(reply).toBeRefused(`${op.method} ${op.template} with a truncated JSON body ${body.slice(0, 120)}`);
        });
      }
    });
  });

  test('documented fields of the wrong type are refused', { tag: ['@input.wrong-types'] }, async ({ chat, check, eachCase }) => {
    const bases: [string, Record<string, unknown>][] = [
      ['TextRequest', { clientId: ChatApi.newClientId(), query: 'hello', cid: 'abc', data: { key: 'value' } }],
      ['EventRequest', { clientId: ChatApi.newClientId(), event: 'harnessEvent' }],
    ];
    const cases = bases.flatMap(([schema, base]) => edgeCasesOf(DOC, schema, base).filter((c) => c.requirement === 'input.wrong-types'));
    expect(cases.length, 'the schema yields wrong-type cases').toBeGreaterThan(0);
    await check('input.wrong-types', async () => {
      const sends = [
        ['sync', chat.sync.bind(chat)],
        ['async', chat.async.bind(chat)],
      ] as const;
      await eachCase(
        cases.flatMap((c) => sends.map(([name, send]) => ({ c, name, send }))),
        async ({ c, name, send }) => expect(await send(c.body)).toBeRefused(`${name} request with ${c.title}`),
      );
    });
  });
});
