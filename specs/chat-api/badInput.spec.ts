// Bad input on every method, driven by the OpenAPI document: an unknown token, a body that is not
// JSON, fields of the wrong type. The error format is not public, so any 4xx passes.
import { randomUUID } from 'node:crypto';
import { mutationsOf, sampleValid } from '../../lib/cases.ts';
import { operationsOf, type JsonSchema } from '../../lib/schemas.ts';
import { assert4xx } from '../../lib/statusExpectations.ts';
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
    const ref = ((op.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content?.['application/json']?.schema)?.$ref;
    const queryParams = ((op.parameters as { name: string; in: string }[] | undefined) ?? []).filter((p) => p.in === 'query').map((p) => p.name);
    return { operationId: operationId!, ...chat.template(operationId!), queryParams, bodySchema: ref?.split('/').pop() };
  });
}

test.describe('bad input is refused with a 4xx', () => {
  test('a token that is not the channel\'s is refused on every method', { tag: ['@auth.unknown-token'] }, async ({ chat, chatTarget, check }) => {
    const stranger = chat.withToken(`harness-unknown-${randomUUID()}`);
    const clientId = ChatApi.newClientId();
    await check('auth.unknown-token', async () => {
      for (const op of operations(chat)) {
        await test.step(`${op.method} ${op.template}`, async () => {
          const body = op.bodySchema ? sampleValid(DOC, op.bodySchema, 1)[0] : undefined;
          const reply = await stranger.http.send({
            method: op.method,
            path: stranger.path(op.template, clientId, randomUUID()),
            // The client, and a text query where the operation takes one (the simplified GET).
            query: Object.fromEntries(op.queryParams.filter((p) => p === 'clientId' || p === 'query').map((p) => [p, p === 'clientId' ? clientId : 'hello'])),
            json: body,
            // A long poll must refuse a stranger rather than hold it.
            timeoutMs: chatTarget.timing.longPollMaxMs,
          });
          assert4xx(reply, `${op.method} ${op.template} with an unknown token`);
        });
      }
    });
  });

  test('a body that is not JSON is refused', { tag: ['@input.malformed-json'] }, async ({ chat, chatTarget, check }) => {
    const clientId = ChatApi.newClientId();
    await check('input.malformed-json', async () => {
      for (const op of operations(chat).filter((o) => o.bodySchema)) {
        await test.step(`${op.method} ${op.template}`, async () => {
          const reply = await chat.http.send({ method: op.method, path: chat.path(op.template, clientId, randomUUID()), body: '{"clientId": "x", "query": ' });
          assert4xx(reply, `${op.method} ${op.template} with a truncated JSON body`);
        });
      }
    });
  });

  test('documented fields of the wrong type are refused', { tag: ['@input.wrong-types'] }, async ({ chat, check }) => {
    const bases: [string, Record<string, unknown>][] = [
      ['TextRequest', { clientId: ChatApi.newClientId(), query: 'hello', cid: 'abc', data: { key: 'value' } }],
      ['EventRequest', { clientId: ChatApi.newClientId(), event: 'harnessEvent' }],
    ];
    const cases = bases.flatMap(([schema, base]) => mutationsOf(DOC, schema, base).filter((c) => c.requirement === 'input.wrong-types'));
    expect(cases.length, 'the schema yields wrong-type cases').toBeGreaterThan(0);
    await check('input.wrong-types', async () => {
      for (const c of cases) {
        for (const [name, send] of [['sync', chat.sync.bind(chat)], ['async', chat.async.bind(chat)]] as const) {
          await test.step(`${name}: ${c.title}`, async () => assert4xx(await send(c.body), `${name} request with ${c.title}`));
        }
      }
    });
  });
});
