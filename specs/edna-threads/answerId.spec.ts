// «answerId является уникальным значением»: a repeated answerId is not delivered again (not
// observable here), and a second answer to an answered question is refused in strict mode and
// delivered in soft mode, whichever the target declares.
import { isAccepted } from '../../lib/expectations.ts';
import { NotJudged } from '../../lib/verdict.ts';
import type { Reply } from '../../lib/httpClient.ts';
import { answer, expect, bySession, test, type Address } from './ednaThreads.ts';

test.describe('answerId and a second answer to one question', () => {
  test(
    'a repeated answerId',
    { tag: ['@answer-id.not-delivered-twice', '@input.no-server-error'] },
    async ({ edna, client, check, unobservable, requirement }) => {
      await unobservable('answer-id.not-delivered-twice', requirement('answer-id.not-delivered-twice').unobservable!);
      const body = answer(client);
      await edna.sendAccepted(body, 'the first answer with this answerId');
      await check('input.no-server-error', async () => {
        expect(await edna.send(body)).toBe2xxOr4xx('the same answer again, same answerId');
      });
    },
  );

  const MODES = { strict: 'answer-id.strict-mode', soft: 'answer-id.soft-mode' } as const;
  for (const [mode, key] of Object.entries(MODES) as [keyof typeof MODES, string][]) {
    test(`${mode} mode: a second answer to an answered question`, { tag: [`@${key}`] }, async ({ edna, ednaTarget, question, check, skipCheck }) => {
      if (ednaTarget.answerIdMode !== mode) {
        await skipCheck(key, ednaTarget.answerIdMode ? `the target declares answerIdMode "${ednaTarget.answerIdMode}"` : 'the target declares no answerIdMode');
      }
      await check(key, async () => {
        // The first answers answer questions of the check's own; each must be accepted to set up the check.
        const { item: questionId, reply: first } = await question('questionIds', key, (questionId) => edna.send(answer({ questionId })));
        const { item: session, reply: firstInThread } = await question('sessions', key, (session) => edna.send(answer(bySession(session))));
        const questions: [string, Address, Reply][] = [
          [`questionId ${questionId}`, { questionId }, first],
          [`question ${session.questionIndex} of thread ${session.sessionId}`, bySession(session), firstInThread],
        ];
        // A first answer refused is the addressing checks' to judge; this one has nothing to judge then.
        for (const [what, , firstReply] of questions) {
          if (!isAccepted(firstReply))
            throw new NotJudged(`the first answer to ${what}, needed to set up this check, was refused: ${firstReply.status} ${firstReply.text.slice(0, 200)}`);
        }
        for (const [what, address] of questions) {
          await test.step(what, async () => {
            const reply = await edna.send(answer(address, { text: 'A second answer' }));
            if (mode === 'strict') expect(reply).toBeRefused(`a second answer to ${what} in strict mode`);
            else expect(reply).toBe2xx(`a second answer to ${what} in soft mode`);
          });
        }
      });
    });
  }
});
