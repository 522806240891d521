// Outgoing events (п. 2), over a conversation like the document's example: a start, Запрос 1 and
// Запрос 2, then one event of every other incoming type. «Ответное сообщение содержит
// идентификатор пользователя с тем же значением»; every answer has the documented shape, and its
// quick_replies and buttons are lists of buttons of the documented types, no longer than allowed.
import { schemaOf } from '../../lib/schemas.ts';
import { ANSWER_TAGS, REFUSAL_TAG } from './expectations.ts';
import { DOC, example, LiaApi, TIMED, test, type LiaEvent, type LiaRequest } from './liaApi.ts';

const MEDIA_TYPES = (schemaOf(DOC, 'MediaEvent').properties?.type as { enum: string[] }).enum;

test.describe('outgoing events', TIMED, () => {
  test('a conversation like the document\'s example is answered with documented events', { tag: ['@incoming.event-types', ...ANSWER_TAGS, REFUSAL_TAG] }, async ({ lia, expectations, skipCheck }) => {
    const first = example<LiaRequest>('IncomingRequest');
    const media = example('MediaEvent');
    const conversation: Omit<LiaRequest, 'user_id'>[] = [
      { event: example('StartEvent'), facts: first.facts },
      { event: first.event, facts: first.facts },
      { event: example('TextEvent') },
      ...MEDIA_TYPES.map((type): { event: LiaEvent } => ({ event: { ...media, type } })),
      { event: example('StickerEvent') },
      { event: example('LocationEvent') },
      { event: example('RawEvent') },
    ];
    const user_id = LiaApi.newUserId();
    for (const step of conversation) {
      const body = { user_id, ...step };
      await expectations.accepted('incoming.event-types', `${step.event.type} event`, body, () => lia.send(body));
    }
    // An intent must be defined in the target's project: one it declares is answered; the
    // example's, which it may not define, may be answered or refused.
    const declared = lia.target.intents?.[0];
    const intent = { user_id, event: declared === undefined ? example('IntentEvent') : { type: 'intent', params: { intent: declared } } };
    if (declared === undefined) await expectations.acceptedOrRefused('intent event', intent, () => lia.send(intent));
    else await expectations.accepted('incoming.event-types', `intent event naming the declared intent "${declared}"`, intent, () => lia.send(intent));
    expectations.settle(); // a skip must not hide a failure recorded above
    if (expectations.listsSeen === 0) await skipCheck('outgoing.list-max', 'no answer in the conversation held quick_replies or buttons to check');
  });
});
