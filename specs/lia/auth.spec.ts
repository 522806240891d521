// The key: the one method is https://app.lia.chat/api/v1/handling/event?key=API_KEY, and
// «Для работы с необходимо получить ключ API_KEY». The event is first answered with the channel's
// key (incoming.event-types), so that the refusals that follow are the key's.
import { randomUUID } from 'node:crypto';
import { REFUSAL_TAG } from './expectations.ts';
import { example, LiaApi, TIMED, test } from './liaApi.ts';

test.describe('POST /api/v1/handling/event?key=API_KEY: the key', TIMED, () => {
  test(
    'the channel key authorises; no key, an empty key or another key is refused',
    { tag: ['@auth.key', '@incoming.event-types', REFUSAL_TAG] },
    async ({ lia, expectations }) => {
      const body = { user_id: LiaApi.newUserId(), event: example('TextEvent') };
      await expectations.succeeded('incoming.event-types', 'a text event with the channel key', () => lia.send(body));
      const others: [string, string | null][] = [
        ['no key', null],
        ['an empty key', ''],
        ["a key that is not the channel's", randomUUID()],
      ];
      for (const [what, key] of others) await expectations.refused('auth.key', what, () => lia.send(body, key));
    },
  );
});
