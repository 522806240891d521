// Asynchronous client requests and webhook delivery. The waits (retries, the timeout event,
// requests sent without waiting) are observed at once in waits.spec.ts.
import { mentions } from '../../lib/jsonSearch.ts';
import { componentSchema } from '../../lib/schemas.ts';
import { ChatApi, expect, messageIdOf, test } from './chatApi.ts';
import { answerTextsOf, deliveryBound } from './webhook.ts';

const DOC = 'chat-api';

test.describe('POST /chatapi/{token}/async', () => {
  test.beforeEach(({ chatTarget }) => {
    test.skip(!chatTarget.webhook, 'untested: the target declares no webhook.listen, so deliveries cannot be received');
  });

  test(
    'answers only with a message id; the rest arrives at the webhook',
    { tag: ['@async.message-id-only', '@async.message-id-matches', '@async.webhook-payload', '@async.webhook-payload-types', '@async.webhook-data'] },
    async ({ chat, chatTarget, check, sink }) => {
      const clientId = ChatApi.newClientId();
      const query = `async hello ${clientId}`;
      const reply = await chat.async({ clientId, query });
      const deliveries = await sink.waitFor(clientId, 1, deliveryBound(chatTarget.timing.webhookRetryWindowMs));
      const delivered = (Array.isArray(deliveries[0]?.json) ? deliveries[0].json : []) as Record<string, unknown>[];
      const messageId = messageIdOf(reply.json ?? reply.text);
      await check('async.message-id-only', async () => {
        expect(reply).toBe2xx('async request');
        expect(messageId, `a message id in the answer (questionId, id, messageId, or the bare body): ${reply.text.slice(0, 300)}`).toBeDefined();
        // The bot's answer is what the webhook then brings: none of its text may be in this answer.
        const botTexts = delivered.flatMap(answerTextsOf).filter((t) => t.trim().length > 2);
        for (const text of new Set(botTexts))
          expect(mentions(reply.json ?? reply.text, text), `the answer carries none of the bot's answer (found "${text.slice(0, 80)}")`).toBe(false);
        const answer = reply.json as Record<string, unknown> | undefined;
        expect(Array.isArray(answer?.replies) && answer.replies.length > 0, 'the answer carries no bot replies').toBe(false);
      });
      await check('async.message-id-matches', async () => {
        expect(delivered.length, 'a webhook delivery for the client').toBeGreaterThan(0);
        expect(
          delivered.map((item) => String(item.questionId)),
          `the delivery's questionId is the id the async answer gave (${messageId})`,
        ).toContain(messageId);
      });
      await check('async.webhook-payload', async () => {
        expect(deliveries.length, 'a webhook delivery for the client').toBeGreaterThan(0);
        expect(deliveries[0].json).toValidateAgainst(componentSchema(DOC, 'WebhookPayload'), 'the delivery is an array of objects with every documented field');
      });
      await check('async.webhook-payload-types', async () => {
        expect(delivered.length, 'the delivery holds objects').toBeGreaterThan(0);
        for (const item of delivered) {
          expect(item).toValidateAgainst(componentSchema(DOC, 'WebhookItem'), 'the item');
          expect(item.token, 'token is the channel token').toBe(chatTarget.token);
          expect(item.clientId, 'clientId is the client that asked').toBe(clientId);
        }
        expect(
          mentions(delivered, 'replies') || delivered.some((i) => Array.isArray((i.data as Record<string, unknown>)?.replies)),
          'data carries the bot replies',
        ).toBe(true);
      });
      await check('async.webhook-data', async () => {
        expect(delivered.length, 'a webhook delivery for the client').toBeGreaterThan(0);
        for (const item of delivered) {
          expect(item.data).toValidateAgainst(
            componentSchema(DOC, 'WebhookData'),
            "data has the fields of the document's example (nlpClass, confidence, replies, answer, newSessionStarted, endSession)",
          );
        }
      });
    },
  );

  test('an event is sent asynchronously', { tag: ['@async.event'] }, async ({ chat, chatTarget, check, sink }) => {
    const clientId = ChatApi.newClientId();
    await check('async.event', async () => {
      expect(await chat.async({ clientId, event: chat.event })).toBe2xx(`async request with the event ${chat.event}`);
      // «Остальная информация будет отправлена на вебхук»: whatever the bot makes of the event, a delivery follows.
      const deliveries = await sink.waitFor(clientId, 1, deliveryBound(chatTarget.timing.webhookRetryWindowMs));
      expect(deliveries.length, 'a webhook delivery for the client').toBeGreaterThan(0);
    });
  });
});
