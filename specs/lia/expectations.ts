// What the suite expects of the target's answers: a refusal (anything but 2xx under the case's
// requirement, and then a 4xx under errors.client-error, since the document names no code), or an
// accepted event whose answer is labelled JSON, echoes user_id and has the documented outgoing shape.
// Media, location and buttons events and button lists are judged, each under its own requirement,
// in the tests tagged with it, when an answer carries them; an answer without them judges nothing
// of them.
import { isObject } from '../../lib/isObject.ts';
import { expect, type CheckFn, type DeferredFailures, type EachCase } from '../../fixtures/conformance.ts';
import type { Reply } from '../../lib/httpClient.ts';
import { isAccepted } from '../../lib/expectations.ts';
import { componentSchema, schemaOf } from '../../lib/schemas.ts';

const DOC = 'lia';

/** Tags of a test that sends an event it expects answered: every answer is checked against these. */
export const ANSWER_TAGS = ['@outgoing.echo-user-id', '@outgoing.shape', '@outgoing.content-type'];
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

/** A part of an answer that one requirement judges, and where it is. */
type Part = { at: string; value: unknown };

/** The events of an answer that have a type (EventResponse judges the rest). */
function eventsIn(answer: unknown): (Part & { type: string; params: unknown })[] {
  const events = isObject(answer) && Array.isArray(answer.events) ? answer.events : [];
  return events.flatMap((event, i) =>
    isObject(event) && typeof event.type === 'string' ? [{ at: `events[${i}]`, value: event, type: event.type, params: event.params }] : [],
  );
}

/** The button lists of an answer's documented events (a custom event's params are free, so not searched). */
function buttonListsIn(answer: unknown): Part[] {
  return eventsIn(answer).flatMap(({ at, type, params }) => {
    const field = LIST_FIELD[type];
    return field && isObject(params) && params[field] !== undefined ? [{ at: `${at}.params.${field}`, value: params[field] }] : [];
  });
}

/** The buttons of an answer's lists. */
function buttonsIn(answer: unknown): Part[] {
  return buttonListsIn(answer).flatMap(({ at, value }) =>
    Array.isArray(value) ? value.map((button: unknown, i) => ({ at: `${at}[${i}]`, value: button })) : [],
  );
}

/** The outgoing events besides text whose params the document gives: each schema names its requirement (x-requirement) and its types. */
function eventKind(schema: string) {
  const { properties, 'x-requirement': requirement } = schemaOf(DOC, schema);
  const type = properties?.type as { const?: string; enum?: string[] };
  const types = type.enum ?? [type.const!];
  if (!requirement) throw new Error(`schemas/lia.openapi.json: ${schema} has no x-requirement`);
  return { requirement, schema, what: `${types.join(', ')} event`, partsOf: (answer: unknown) => eventsIn(answer).filter(({ type }) => types.includes(type)) };
}

/**
 * What an answer carries besides its envelope and text, each judged under its own requirement
 * against its own schema: so that one departure fails one requirement, and an answer that carries
 * none of a kind judges nothing of it.
 */
const CONTENT = [
  eventKind('OutgoingMediaEvent'),
  eventKind('OutgoingLocationEvent'),
  eventKind('OutgoingButtonsEvent'),
  { requirement: 'outgoing.list-max', schema: 'ButtonListSize', what: 'quick_replies and buttons list', partsOf: buttonListsIn },
  { requirement: 'outgoing.button-types', schema: 'Button', what: 'button', partsOf: buttonsIn },
];

/**
 * Tags of a test whose answers' content is judged too. A test judges the content its tags name: the
 * conversation all of it, the answer to a declared text what it was declared to carry — so that a
 * test skipped for want of an intent, say, leaves no reason against content it never meant to judge.
 */
export const CONTENT_TAGS = CONTENT.map(({ requirement }) => `@${requirement}`);

/**
 * Lia's requests go one at a time: each answer's time is held to the document's 30 s
 * (processing.time-limit), and requests sent at once would wait in a server's own queue — time
 * the document does not count.
 */
const ONE_AT_A_TIME = { concurrency: 1 };

export class LiaExpectations {
  /** The outgoing requirements whose content an answer checked so far carried (a target's bot may send none). */
  readonly judged = new Set<string>();

  /** Every check is soft: a MUST failure fails the test when it ends, after the test's other checks. */
  constructor(
    private readonly verdict: CheckFn,
    private readonly deferred: DeferredFailures,
    private readonly eachCase: EachCase,
    /** Whether the test is tagged with a requirement: the content checks it is tagged with are the ones it runs. */
    private readonly tagged: (key: string) => boolean,
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
      expect(reply).not.toBe2xx(what);
    });
    if (reply && !isAccepted(reply)) await this.verdict('errors.client-error', async () => expect(reply!).toBeRefused(what));
  }

  /** Sends (inside the check) and expects a 2xx, whatever the answer holds; returns the reply when there is one. */
  async succeeded(key: string, what: string, send: () => Promise<Reply>): Promise<Reply | undefined> {
    let reply: Reply | undefined;
    await this.verdict(key, async () => {
      reply = await send();
      expect(reply).toBe2xx(what);
    });
    return reply;
  }

  /** Sends the request (inside the check) and expects a 2xx whose answer passes every outgoing check. */
  async accepted(key: string, what: string, sent: unknown, send: () => Promise<Reply>): Promise<void> {
    const reply = await this.succeeded(key, what, send);
    if (reply && isAccepted(reply)) await this.answered(reply, sent);
  }

  /**
   * Sends the request (inside the check of `key`) and expects a 2xx whose content is judged: the
   * CONTENT requirements the test is tagged with that it gave something to judge are in `judged`.
   */
  async acceptedContent(key: string, what: string, send: () => Promise<Reply>): Promise<void> {
    const reply = await this.succeeded(key, what, send);
    if (reply && isAccepted(reply)) await this.judgeContent([reply.json]);
  }

  /** For an event the target may refuse because it names what its project defines: either way is fine, done properly. */
  async acceptedOrRefused(what: string, sent: unknown, send: () => Promise<Reply>): Promise<void> {
    const reply = await send();
    if (isAccepted(reply)) await this.answered(reply, sent);
    else await this.verdict('errors.client-error', async () => expect(reply).toBeRefused(what));
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
      await this.eachCase(
        requests,
        async ({ what, body }) => {
          const reply = await send(body);
          expect(reply).toBe2xx(what);
          answers.push({ reply, sent: body });
        },
        ONE_AT_A_TIME,
      );
    });
    await this.allAnswered(answers);
  }

  /** Sends every request under one check of `key`, one at a time, each expected refused (anything but 2xx); then every refusal a 4xx. */
  async allRefused(key: string, requests: { what: string; body: unknown }[], send: (body: unknown) => Promise<Reply>): Promise<void> {
    const refusals: { what: string; reply: Reply }[] = [];
    await this.verdict(key, async () => {
      await this.eachCase(
        requests,
        async ({ what, body }) => {
          const reply = await send(body);
          expect(reply).not.toBe2xx(what);
          refusals.push({ what, reply });
        },
        ONE_AT_A_TIME,
      );
    });
    if (refusals.length) await this.verdict('errors.client-error', async () => refusals.forEach(({ what, reply }) => expect(reply).toBeRefused(what)));
  }

  /** The outgoing checks over answers: one check per requirement, over every answer (the CONTENT ones, as tagged, over what they carry). */
  private async allAnswered(answers: { reply: Reply; sent: unknown }[]): Promise<void> {
    if (!answers.length) return;
    await this.verdict('outgoing.shape', async () => {
      for (const { reply } of answers) {
        expect(reply.json, `the answer is JSON\n${reply.text.slice(0, 500)}`).toBeDefined();
        expect(reply).toValidateAgainst(componentSchema(DOC, 'EventResponse'), 'the answer');
      }
    });
    await this.verdict('outgoing.content-type', async () => {
      for (const { reply } of answers) {
        const type = reply.headers['content-type'];
        expect(
          JSON_MEDIA_TYPE.test(type ?? ''),
          `the answer's Content-Type is JSON (application/json or +json), got ${type === undefined ? 'none' : JSON.stringify(type)}`,
        ).toBe(true);
      }
    });
    await this.verdict('outgoing.echo-user-id', async () => {
      for (const { reply, sent } of answers) {
        const echoed = isObject(reply.json) ? reply.json.user_id : undefined;
        expect(echoed, "the answer's user_id is the one sent").toBe((sent as { user_id?: unknown }).user_id);
      }
    });
    await this.judgeContent(answers.map(({ reply }) => reply.json));
  }

  /** The CONTENT checks the test is tagged with, over answers: a kind no answer carries is not judged. */
  private async judgeContent(answers: unknown[]): Promise<void> {
    for (const { requirement, schema, what, partsOf } of CONTENT) {
      const parts = this.tagged(requirement) ? answers.flatMap(partsOf) : [];
      if (parts.length === 0) continue;
      this.judged.add(requirement);
      await this.verdict(requirement, async () => {
        for (const { at, value } of parts) expect(value).toValidateAgainst(componentSchema(DOC, schema), `the ${what} at ${at}`);
      });
    }
  }
}
