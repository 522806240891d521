// What the suite expects of the target's answers: a refusal (anything but 2xx under the case's
// requirement, and then a 4xx under errors.client-error, since the document names no code), or an
// accepted event whose answer is labelled JSON, echoes user_id and has the documented outgoing shape.
import { expect, type CheckFn, type DeferredFailures, type EachCase } from '../../fixtures/conformance.ts';
import type { Reply } from '../../lib/httpClient.ts';
import { schemaErrors } from '../../lib/schemas.ts';
import { assert2xx, assert4xx, is2xx } from '../../lib/statusExpectations.ts';

const DOC = 'lia';

/** Tags of a test that sends an event it expects answered: every answer is checked against these. */
export const ANSWER_TAGS = ['@outgoing.echo-user-id', '@outgoing.shape', '@outgoing.content-type', '@outgoing.list-max', '@outgoing.button-types'];
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

/** «в формате JSON»: application/json or a +json type, any parameters (charset or none). */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i;
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

/**
 * Lia's requests go one at a time: each answer's time is held to the document's 30 s
 * (processing.time-limit), and requests sent at once would wait in a server's own queue — time
 * the document does not count.
 */
const ONE_AT_A_TIME = { concurrency: 1 };

export class LiaExpectations {
  /** How many button lists the answers checked so far held (a target's bot may send none). */
  listsSeen = 0;

  /** Every check is soft: a MUST failure fails the test when it ends, after the test's other checks. */
  constructor(
    private readonly verdict: CheckFn,
    private readonly deferred: DeferredFailures,
    private readonly eachCase: EachCase,
  ) {}

  /** Fails the test with the MUST failures recorded so far (a test that may skip calls it first). */
  settle(): void {
    this.deferred.settle();
  }

  /**
   * Sends (inside the check, so that the exchange is its evidence) and expects a refusal: any
   * answer but 2xx; and then, being a refusal, a 4xx.
   */
  async refused(key: string, what: string, send: () => Promise<Reply>): Promise<void> {
    let reply: Reply | undefined;
    await this.verdict(key, async () => {
      reply = await send();
      expect(is2xx(reply.status), `${what}: expected a refusal (any answer but 2xx), got ${reply.status}\n${reply.text.slice(0, 500)}`).toBe(false);
    });
    if (reply && !is2xx(reply.status)) await this.verdict('errors.client-error', async () => assert4xx(reply!, what));
  }

  /** Sends (inside the check) and expects a 2xx, whatever the answer holds; returns the reply when there is one. */
  async succeeded(key: string, what: string, send: () => Promise<Reply>): Promise<Reply | undefined> {
    let reply: Reply | undefined;
    await this.verdict(key, async () => {
      reply = await send();
      assert2xx(reply, what);
    });
    return reply;
  }

  /** Sends the request (inside the check) and expects a 2xx whose answer passes every outgoing check. */
  async accepted(key: string, what: string, sent: unknown, send: () => Promise<Reply>): Promise<void> {
    const reply = await this.succeeded(key, what, send);
    if (reply && is2xx(reply.status)) await this.answered(reply, sent);
  }

  /** For an event the target may refuse because it names what its project defines: either way is fine, done properly. */
  async acceptedOrRefused(what: string, sent: unknown, send: () => Promise<Reply>): Promise<void> {
    const reply = await send();
    if (is2xx(reply.status)) await this.answered(reply, sent);
    else await this.verdict('errors.client-error', async () => assert4xx(reply, what));
  }

  /** The checks every answer to an accepted event must pass. */
  async answered(reply: Reply, sent: unknown): Promise<void> {
    await this.allAnswered([{ reply, sent }]);
  }

  /**
   * Sends every request under one check of `key`, one at a time within the test's time, each
   * expected 2xx; then every answer gets the outgoing checks.
   */
  async allAccepted(key: string, requests: { what: string; body: unknown }[], send: (body: unknown) => Promise<Reply>): Promise<void> {
    const answers: { reply: Reply; sent: unknown }[] = [];
    await this.verdict(key, async () => {
      await this.eachCase(requests, async ({ what, body }) => {
        const reply = await send(body);
        assert2xx(reply, what);
        answers.push({ reply, sent: body });
      }, ONE_AT_A_TIME);
    });
    await this.allAnswered(answers);
  }

  /** Sends every request under one check of `key`, one at a time, each expected refused (anything but 2xx); then every refusal a 4xx. */
  async allRefused(key: string, requests: { what: string; body: unknown }[], send: (body: unknown) => Promise<Reply>): Promise<void> {
    const refusals: { what: string; reply: Reply }[] = [];
    await this.verdict(key, async () => {
      await this.eachCase(requests, async ({ what, body }) => {
        const reply = await send(body);
        expect(is2xx(reply.status), `${what}: expected a refusal (any answer but 2xx), got ${reply.status}\n${reply.text.slice(0, 500)}`).toBe(false);
        refusals.push({ what, reply });
      }, ONE_AT_A_TIME);
    });
    if (refusals.length) await this.verdict('errors.client-error', async () => refusals.forEach(({ what, reply }) => assert4xx(reply, what)));
  }

  /** The outgoing checks over answers: one check per requirement, over every answer. */
  private async allAnswered(answers: { reply: Reply; sent: unknown }[]): Promise<void> {
    if (!answers.length) return;
    await this.verdict('outgoing.shape', async () => {
      for (const { reply } of answers) {
        expect(reply.json, `the answer is JSON\n${reply.text.slice(0, 500)}`).toBeDefined();
        expect(schemaErrors(DOC, 'EventResponse', reply.json), `the answer validates against EventResponse\n${reply.text.slice(0, 300)}`).toEqual([]);
      }
    });
    await this.verdict('outgoing.content-type', async () => {
      for (const { reply } of answers) {
        const type = reply.headers['content-type'];
        expect(JSON_MEDIA_TYPE.test(type ?? ''), `the answer's Content-Type is JSON (application/json or +json), got ${type === undefined ? 'none' : JSON.stringify(type)}`).toBe(true);
      }
    });
    await this.verdict('outgoing.echo-user-id', async () => {
      for (const { reply, sent } of answers) {
        const echoed = isRecord(reply.json) ? reply.json.user_id : undefined;
        expect(echoed, 'the answer\'s user_id is the one sent').toBe((sent as { user_id?: unknown }).user_id);
      }
    });
    const lists = answers.flatMap(({ reply }) => buttonListsIn(reply.json));
    if (lists.length === 0) return;
    this.listsSeen += lists.length;
    await this.verdict('outgoing.list-max', async () => {
      const errors = lists.flatMap(({ at, list }) => schemaErrors(DOC, 'ButtonListSize', list).map((e) => `${at}: ${e}`));
      expect(errors, 'every quick_replies and buttons list validates against ButtonListSize').toEqual([]);
    });
    await this.verdict('outgoing.button-types', async () => {
      const errors = lists.flatMap(({ at, list }) =>
        (Array.isArray(list) ? list : []).flatMap((button, i) => schemaErrors(DOC, 'Button', button).map((e) => `${at}[${i}] ${JSON.stringify(button).slice(0, 120)}: ${e}`)),
      );
      expect(errors, 'every button validates against Button').toEqual([]);
    });
  }
}
