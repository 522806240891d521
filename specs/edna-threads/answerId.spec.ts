// «answerId является уникальным значением»: a repeated answerId is not delivered again (not
// observable here), and a second answer to an answered question is refused in strict mode and
// delivered in soft mode, whichever the target declares.
import { assert2xx, assert2xxOr4xx, assert4xx } from '../../lib/statusExpectations.ts';
import { answer, bySession, test, type Address } from './ednaThreads.ts';

test.describe('answerId and a second answer to one question', () => {
  test('a repeated answerId', { tag: ['@answer-id.not-delivered-twice', '@input.no-server-error'] }, async ({ edna, client, check, unobservable, requirement }) => {
    await unobservable('answer-id.not-delivered-twice', requirement('answer-id.not-delivered-twice').unobservable!);
    const body = answer(client);
    await edna.sendAccepted(body, 'the first answer with this answerId');
    await check('input.no-server-error', async () => {
      assert2xxOr4xx(await edna.send(body), 'the same answer again, same answerId');
    });
  });

  const MODES = { strict: 'answer-id.strict-mode', soft: 'answer-id.soft-mode' } as const;
  for (const [mode, key] of Object.entries(MODES) as [keyof typeof MODES, string][]) {
    test(`${mode} mode: a second answer to an answered question`, { tag: [`@${key}`] }, async ({ edna, ednaTarget, slice, check, skipCheck }) => {
      if (ednaTarget.answerIdMode !== mode) {
        await skipCheck(key, ednaTarget.answerIdMode ? `the target declares answerIdMode "${ednaTarget.answerIdMode}"` : 'the target declares no answerIdMode');
      }
      const [questionId] = await slice('questionIds', key);
      const [session] = await slice('sessions', key);
      const questions: [string, Address][] = [
        [`questionId ${questionId}`, { questionId }],
        [`question ${session.questionIndex} of thread ${session.sessionId}`, bySession(session)],
      ];
      for (const [what, address] of questions) await edna.sendAccepted(answer(address), `the first answer to ${what}`);
      await check(key, async () => {
        for (const [what, address] of questions) {
          await test.step(what, async () => {
            const reply = await edna.send(answer(address, { text: 'A second answer' }));
            if (mode === 'strict') assert4xx(reply, `a second answer to ${what} in strict mode`);
            else assert2xx(reply, `a second answer to ${what} in soft mode`);
          });
        }
      });
    });
  }
});
