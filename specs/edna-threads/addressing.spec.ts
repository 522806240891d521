// «Существуют четыре типа ответов»: by threadsClientId, by questionId, by sessionId and
// questionIndex, and (deprecated) by clientId; EMAIL threads by sessionId and questionIndex (and
// not by questionId); the documented headers; and an answer addressed to no one.
import { NotJudged } from '../../lib/verdict.ts';
import { caseCount, RUN_SEED, sampleValid } from '../../lib/cases.ts';
import type { Reply } from '../../lib/httpClient.ts';
import { isAccepted, isRefusal } from '../../lib/expectations.ts';
import { answer, expect, bySession, DOC, newAnswerId, test, whatsAppClientOf } from './ednaThreads.ts';

test.describe('POST /api/v1/chatbot: whom an answer goes to', () => {
  test("the document's quick-reply example, sent to a fixture client, is accepted", { tag: ['@auth.headers'] }, async ({ edna, client, check }) => {
    // «Пример: сообщение с быстрым ответом», with the target's client and a new answerId.
    const quickReply = (text: string) => ({ type: 'TEXT', text, imageUrl: null, url: null, shown_text: null, callback_data: null, payload: null });
    const example = {
      segmentationInfo: {},
      ...client,
      receivedAt: '2024-12-28T11:39:34.344Z',
      quickReplies: [quickReply('quick reply 1'), quickReply('quick reply 2')],
      settings: { blockInput: true, masked: false },
      code: 'SUCCESS',
      answerId: newAnswerId(),
    };
    await check('auth.headers', async () => {
      expect(await edna.send(example)).toBe2xx('the example with Authorization: Bearer <token> and X-Tenant-Name');
    });
  });

  test(
    'an answer by threadsClientId is accepted, for generated answers',
    { tag: ['@address.threads-client-id'] },
    async ({ edna, ednaTarget, client, check, eachCase }) => {
      const n = caseCount(9);
      // A quick reply's text within the length the installation declares (message.max-quick-reply-length).
      const maxLength = ednaTarget.fixtures.maxQuickReplyLength;
      const withinLength = (reply: unknown) => {
        const text = (reply as { text?: unknown }).text;
        return maxLength === undefined || typeof text !== 'string' ? reply : { ...(reply as object), text: text.slice(0, maxLength) };
      };
      const parts = {
        attachments: sampleValid(DOC, 'Attachment', n, RUN_SEED),
        quickReplies: sampleValid(DOC, 'QuickReply', n, RUN_SEED + 1).map(withinLength),
        messageListPicker: sampleValid(DOC, 'ListPicker', n, RUN_SEED + 2),
      };
      test.info().annotations.push({ type: 'seed', description: `CONFORMANCE_SEED=${RUN_SEED} replays these cases` });
      // One kind of content per answer: an attachment, a quick reply, or a list picker (to a WhatsApp client of the target's, if it lists one).
      const whatsApp = whatsAppClientOf(ednaTarget);
      const bodies = Array.from({ length: n }, (_, i) => {
        const [field, samples] = Object.entries(parts)[i % 3];
        if (field !== 'messageListPicker') return answer(client, { [field]: [samples[i]] });
        return whatsApp === undefined ? undefined : answer({ threadsClientId: whatsApp }, { messageListPicker: samples[i] });
      }).filter((body) => body !== undefined);
      await check('address.threads-client-id', async () => {
        await eachCase(bodies, async (body) => expect(await edna.send(body)).toBe2xx(`an answer by threadsClientId: ${JSON.stringify(body).slice(0, 200)}`));
      });
    },
  );

  test('an answer by questionId is accepted', { tag: ['@address.question-id'] }, async ({ edna, question, check }) => {
    await check('address.question-id', async () => {
      const { item: questionId, reply } = await question('questionIds', 'address.question-id', (questionId) => edna.send(answer({ questionId })));
      expect(reply).toBe2xx(`an answer to questionId ${questionId}`);
    });
  });

  test('an answer by sessionId and questionIndex is accepted', { tag: ['@address.session-question-index'] }, async ({ edna, question, check }) => {
    await check('address.session-question-index', async () => {
      const { item: session, reply } = await question('sessions', 'address.session-question-index', (session) => edna.send(answer(bySession(session))));
      expect(reply).toBe2xx(`an answer to question ${session.questionIndex} of thread ${session.sessionId}`);
    });
  });

  test('an answer by the deprecated clientId is accepted', { tag: ['@address.client-id'] }, async ({ edna, ednaTarget, check, skipCheck }) => {
    const clientId = ednaTarget.fixtures.clientIds?.[0];
    if (clientId === undefined) await skipCheck('address.client-id', 'the target lists no fixtures.clientIds (external client ids)');
    await check('address.client-id', async () => {
      expect(await edna.send(answer({ clientId }))).toBe2xx(`an answer to clientId ${clientId}`);
    });
  });

  test('a question of an EMAIL thread is answered by sessionId and questionIndex', { tag: ['@address.email-session'] }, async ({ edna, question, check }) => {
    await check('address.email-session', async () => {
      const { item: session, reply } = await question('emailSessions', 'address.email-session', (session) => edna.send(answer(bySession(session))));
      expect(reply).toBe2xx(`an answer to question ${session.questionIndex} of EMAIL thread ${session.sessionId}`);
    });
  });

  test(
    'a question of an EMAIL thread answered by its questionId is refused',
    { tag: ['@address.email-question-id-refused'] },
    async ({ edna, ednaTarget, question, check, skipCheck }) => {
      const key = 'address.email-question-id-refused';
      if (!ednaTarget.fixtures.emailQuestions?.length)
        await skipCheck(key, 'the target lists no fixtures.emailQuestions (questions of EMAIL threads with their questionId)');
      await check(key, async () => {
        // A refusal may only mean that an earlier run answered the question: answered then by its
        // session, it shows whether it was open (and is spent, as an accepted answer by questionId spends it).
        const byQuestionId = new Map<number, Reply>();
        const { item, reply } = await question('emailQuestions', key, async (q) => {
          const refused = await edna.send(answer({ questionId: q.questionId }));
          byQuestionId.set(q.questionId, refused);
          return isRefusal(refused) ? edna.send(answer(bySession(q))) : refused;
        });
        const first = byQuestionId.get(item.questionId)!;
        expect(first).toBeRefused(`an answer by questionId ${item.questionId} to question ${item.questionIndex} of EMAIL thread ${item.sessionId}`);
        if (!isAccepted(reply)) {
          throw new NotJudged(
            `the same question answered by its sessionId and questionIndex was refused too (${reply.status} ${reply.text.slice(0, 200)}), so it may have been answered before; address.email-session judges that answer`,
          );
        }
      });
    },
  );

  test('an answer addressed to no one is refused', { tag: ['@address.required'] }, async ({ edna, check }) => {
    await check('address.required', async () => {
      expect(await edna.send(answer({}))).toBeRefused('an answer with no threadsClientId, questionId, sessionId + questionIndex or clientId');
    });
  });
});
