// GET /chatapi/{token}/client/{clientId}/history: the conversation, for a period or all time.
import { mentions } from '../../lib/jsonSearch.ts';
import { ChatApi, expect, test } from './chatApi.ts';

const MINUTE = 60_000;

test.describe('GET /chatapi/{token}/client/{clientId}/history', () => {
  test('holds the conversation, for all time and for a period', { tag: ['@history.conversation', '@history.period'] }, async ({ chat, check }) => {
    const clientId = ChatApi.newClientId();
    const started = Date.now();
    const texts = [`history-one-${ChatApi.newCid()}`, `history-two-${ChatApi.newCid()}`];
    const answers: string[] = [];
    for (const text of texts) answers.push(...(await chat.exchange(clientId, text)).replyTexts);

    await check('history.conversation', async () => {
      const reply = await chat.history(clientId);
      expect(reply).toBe2xx('history of all time');
      for (const text of texts) expect(mentions(reply.json ?? reply.text, text), `history holds the query "${text}"`).toBe(true);
      // «История переписки»: both sides of it, the bot's answers as the sync answers gave them.
      for (const text of new Set(answers)) expect(mentions(reply.json ?? reply.text, text), `history holds the bot's answer "${text.slice(0, 80)}"`).toBe(true);
    });
    await check('history.period', async () => {
      // In the target's own time, and minutes of margin on each side: no message sits near an edge.
      const from = chat.targetTimeAtOrBefore(started);
      const around = await chat.history(clientId, { from: new Date(from - 10 * MINUTE), to: new Date(chat.targetTimeAtOrAfter(Date.now()) + 10 * MINUTE) });
      expect(around).toBe2xx('history for a period around the conversation');
      for (const text of texts) expect(mentions(around.json ?? around.text, text), `the period around the conversation holds "${text}"`).toBe(true);
      const before = await chat.history(clientId, { from: new Date(from - 120 * MINUTE), to: new Date(from - 60 * MINUTE) });
      expect(before).toBe2xx('history for a period before the conversation');
      for (const text of texts)
        expect(mentions(before.json ?? before.text, text), `a period that ends before the conversation holds nothing of it ("${text}")`).toBe(false);
    });
  });
});
