// «Взаимодействие осуществляется по протоколу HTTPS с использованием POST-запросов»: a documented
// event with the channel key, sent by another method, is not processed.
import { REFUSAL_TAG } from './expectations.ts';
import { example, LiaApi, TIMED, test } from './liaApi.ts';

test.describe('POST /api/v1/handling/event: the method', TIMED, () => {
  test('a documented event by GET or PUT is refused', { tag: ['@method.post-only', REFUSAL_TAG] }, async ({ lia, expectations }) => {
    const body = { user_id: LiaApi.newUserId(), event: example('TextEvent') };
    for (const method of ['GET', 'PUT']) {
      await expectations.refused('method.post-only', `a text event with the channel key by ${method}`, () => lia.sendBy(method, body));
    }
  });
});
