// What the suite expects of the target's answers: a refusal (anything but 2xx under the case's
// requirement, and a 4xx under errors.client-error, since the document names no code), or an
// accepted event whose answer echoes user_id and has the documented outgoing shape.
import { expect, type CheckFn } from '../../fixtures/conformance.ts';
import type { Reply } from '../../lib/httpClient.ts';
import { schemaErrors } from '../../lib/schemas.ts';
import { assert2xx, assert4xx } from '../../lib/statusExpectations.ts';

const DOC = 'lia';

/** Tags of a test that sends an event it expects answered: every answer is checked against these. */
export const ANSWER_TAGS = ['@outgoing.echo-user-id', '@outgoing.shape', '@outgoing.list-max', '@outgoing.button-types'];
/** Tag of a test that expects a refusal. */
export const REFUSAL_TAG = '@errors.client-error';

/** Where the document puts button lists: quick_replies on text, media and location events, buttons on buttons events. */
const LIST_FIELD: Record<string, string> = {
  text: 'quick_replies',
  image: 'quick_replies',
  audio: 'quick_replies',
  video: 'quick_replies',
  file: 'quick_replies',
  location: 'quick_replies',
  buttons: 'buttons',
};

const is2xx = (reply: Reply) => reply.status >= 200 && reply.status < 300;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The button lists of an answer's documented events (a custom event's params are free, so not searched). */
export function buttonListsIn(answer: unknown): { at: string; list: unknown }[] {
  const events = isRecord(answer) && Array.isArray(answer.events) ? answer.events : [];
  return events.flatMap((event, i) => {
    if (!isRecord(event) || !isRecord(event.params) || typeof event.type !== 'string') return [];
    const field = LIST_FIELD[event.type];
    return field && event.params[field] !== undefined ? [{ at: `events[${i}].params.${field}`, list: event.params[field] }] : [];
  });
}

export class LiaExpectations {
  /** How many button lists the answers checked so far held (a target's bot may send none). */
  listsSeen = 0;

  constructor(private readonly check: CheckFn) {}

  async refused(key: string, reply: Reply, what: string): Promise<void> {
    await this.check(key, async () => {
      expect(is2xx(reply), `${what}: expected a refusal (any answer but 2xx), got ${reply.status}\n${reply.text.slice(0, 500)}`).toBe(false);
    });
    await this.check('errors.client-error', async () => assert4xx(reply, what));
  }

  async accepted(key: string, reply: Reply, sent: unknown, what: string): Promise<void> {
    await this.check(key, async () => assert2xx(reply, what));
    if (is2xx(reply)) await this.answered(reply, sent);
  }

  /** For an event the target may refuse because it names what its project defines: either way is fine, done properly. */
  async acceptedOrRefused(reply: Reply, sent: unknown, what: string): Promise<void> {
    if (is2xx(reply)) await this.answered(reply, sent);
    else await this.check('errors.client-error', async () => assert4xx(reply, what));
  }

  /** The checks every answer to an accepted event must pass. */
  async answered(reply: Reply, sent: unknown): Promise<void> {
    await this.check('outgoing.shape', async () => {
      expect(reply.json, `the answer is JSON\n${reply.text.slice(0, 500)}`).toBeDefined();
      expect(schemaErrors(DOC, 'EventResponse', reply.json), 'the answer validates against EventResponse').toEqual([]);
    });
    await this.check('outgoing.echo-user-id', async () => {
      const echoed = isRecord(reply.json) ? reply.json.user_id : undefined;
      expect(echoed, 'the answer\'s user_id is the one sent').toBe((sent as { user_id?: unknown }).user_id);
    });
    const lists = buttonListsIn(reply.json);
    if (lists.length === 0) return;
    this.listsSeen += lists.length;
    await this.check('outgoing.list-max', async () => {
      const errors = lists.flatMap(({ at, list }) => schemaErrors(DOC, 'ButtonListSize', list).map((e) => `${at}: ${e}`));
      expect(errors, 'every quick_replies and buttons list validates against ButtonListSize').toEqual([]);
    });
    await this.check('outgoing.button-types', async () => {
      const errors = lists.flatMap(({ at, list }) =>
        (Array.isArray(list) ? list : []).flatMap((button, i) => schemaErrors(DOC, 'Button', button).map((e) => `${at}[${i}] ${JSON.stringify(button).slice(0, 120)}: ${e}`)),
      );
      expect(errors, 'every button validates against Button').toEqual([]);
    });
  }
}
