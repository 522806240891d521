// Outgoing events (п. 2), over a conversation like the document's example: a start, Запрос 1 and
// Запрос 2, then one event of every other incoming type. «Ответное сообщение содержит
// идентификатор пользователя с тем же значением»; every answer has the documented shape, and its
// quick_replies and buttons are lists of buttons of the documented types, no longer than allowed;
// its media, location and buttons events have their documented params.
// Rich answers cannot be asked of a bot in general: the target declares texts its bot answers with
// buttons, media, a location and its longest list (`bot`), and each is sent to drive its checks.
import { schemaOf } from '../../lib/schemas.ts';
import { ANSWER_TAGS, CONTENT_TAGS, REFUSAL_TAG } from './expectations.ts';
import { DOC, example, LiaApi, TIMED, test, type LiaEvent, type LiaRequest } from './liaApi.ts';
import type { LiaBotQueries } from './target.ts';

const MEDIA_TYPES = (schemaOf(DOC, 'MediaEvent').properties?.type as { enum: string[] }).enum;

/**
 * Each declared text, what its answer carries, and the requirements that judge it there: its test
 * is tagged with them alone, so that a skip for a text not declared is recorded against no other.
 */
const DECLARED_ANSWERS: { query: keyof LiaBotQueries; carries: string; judge: string[] }[] = [
  { query: 'buttonsQuery', carries: 'a buttons event', judge: ['outgoing.buttons', 'outgoing.button-types'] },
  { query: 'mediaQuery', carries: 'an image, audio, video or file event', judge: ['outgoing.media'] },
  { query: 'locationQuery', carries: 'a location event', judge: ['outgoing.location'] },
  { query: 'longListQuery', carries: 'a quick_replies or buttons list', judge: ['outgoing.list-max'] },
];

test.describe('outgoing events', TIMED, () => {
  test(
    "a conversation like the document's example is answered with documented events",
    { tag: ['@incoming.event-types', ...ANSWER_TAGS, ...CONTENT_TAGS, REFUSAL_TAG] },
    async ({ lia, expectations }) => {
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
    },
  );

  for (const { query, carries, judge } of DECLARED_ANSWERS) {
    test(
      `the answer to the declared bot.${query} carries ${carries} as documented`,
      { tag: ['@incoming.event-types', ...judge.map((key) => `@${key}`)] },
      async ({ lia, expectations, skipCheck }) => {
        const text = lia.target.bot?.[query];
        if (text === undefined)
          return skipCheck(
            judge[0],
            `the target declares no bot.${query}: a text its bot answers with ${carries}, which no request can otherwise make a bot send`,
          );
        const body = { user_id: LiaApi.newUserId(), event: { type: 'text', params: { text } } };
        await expectations.acceptedContent('incoming.event-types', `the text of bot.${query}`, () => lia.send(body));
        expectations.settle(); // a skip must not hide a failure recorded above
        // An answer without the content has judged nothing: the declaration, not the target, is wrong.
        const unjudged = judge.find((key) => !expectations.judged.has(key));
        if (unjudged)
          await skipCheck(
            unjudged,
            `the answer to bot.${query} ${JSON.stringify(text)} gave ${unjudged} nothing to judge (it was to carry ${carries}): declare a text the bot answers so`,
          );
      },
    );
  }
});
