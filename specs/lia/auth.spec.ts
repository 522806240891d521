// The key: the one method is https://app.lia.chat/api/v1/handling/event?key=API_KEY, and
// «Для работы с необходимо получить ключ API_KEY».
import { randomUUID } from 'node:crypto';
import { REFUSAL_TAG } from './expectations.ts';
import { example, LiaApi, TIMED, test } from './liaApi.ts';

test.describe('POST /api/v1/handling/event?key=API_KEY: the key', TIMED, () => {
  test('the channel key authorises; no key, an empty key or another key is refused', { tag: ['@auth.key', REFUSAL_TAG] }, async ({ lia, expectations }) => {
    const body = { user_id: LiaApi.newUserId(), event: example('TextEvent') };
    await expectations.succeeded('auth.key', 'the channel key', () => lia.send(body));
    const others: [string, string | null][] = [
      ['no key', null],
      ['an empty key', ''],
      ['a key that is not the channel\'s', randomUUID()],
    ];
    for (const [what, key] of others) await expectations.refused('auth.key', what, () => lia.send(body, key));
  });
});
