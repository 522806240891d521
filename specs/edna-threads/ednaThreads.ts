// The edna Threads bot-answer API as the specs call it: POST /api/v1/chatbot with the target's
// bearer token and tenant, answer bodies built around the target's fixtures, and a fixed slice of
// fixture questions per check. It asserts nothing about the target; the specs do.
import { randomUUID } from 'node:crypto';
import { expect, type TestInfo } from '@playwright/test';
import { test as conformance } from '../../fixtures/conformance.ts';
import type { GeneratedCase } from '../../lib/cases.ts';
import type { HttpClient, Reply } from '../../lib/httpClient.ts';
import { schemaOf } from '../../lib/schemas.ts';
import { assert2xx } from '../../lib/statusExpectations.ts';
import type { EdnaSession, EdnaThreadsTarget } from './target.ts';

export const DOC = 'edna-threads';
const PATH = '/api/v1/chatbot';

/** The documented codes, read from the schema. */
export const CODES = schemaOf(DOC, 'Code').enum as string[];

type Body = Record<string, unknown>;
export type Address = Partial<Record<'threadsClientId' | 'questionId' | 'sessionId' | 'questionIndex' | 'clientId', unknown>>;

export const newAnswerId = () => `harness-${randomUUID()}`;

/**
 * An answer as valid cases send it: the fields the document marks neither required nor optional
 * (answerId, code, segmentationInfo, text) are always there, with a fresh answerId.
 */
export function answer(address: Address, extra: Body = {}): Body {
  return { ...address, text: 'Harness answer', answerId: newAnswerId(), code: 'SUCCESS', segmentationInfo: {}, ...extra };
}

/** The same body under a new answerId, so that no case is taken for a repeat of another. */
export function freshAnswerId(body: unknown): unknown {
  return body && typeof body === 'object' && 'answerId' in body ? { ...body, answerId: newAnswerId() } : body;
}

export function bySession(session: EdnaSession): Address {
  return { sessionId: session.sessionId, questionIndex: session.questionIndex };
}

/**
 * A generated length case (at a maxLength, or one over). Every annotated string node also yields a
 * number-for-string case under its key, which the suite does not send (see input.wrong-types).
 */
export function isLengthCase(c: GeneratedCase): boolean {
  return c.kind === 'max-length';
}

export type HeaderShape = 'array' | 'object';

/**
 * quickRepliesHeaderFooter.header/footer in the target's shape: the schema (and the document's
 * type column) says array; 'object' unwraps each to its single element.
 */
export function inHeaderShape(body: unknown, shape: HeaderShape): unknown {
  const hf = (body as Body | undefined)?.quickRepliesHeaderFooter as Body | undefined;
  if (shape === 'array' || !hf || typeof hf !== 'object') return body;
  const unwrap = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  return { ...(body as Body), quickRepliesHeaderFooter: { ...hf, header: unwrap(hf.header), footer: unwrap(hf.footer) } };
}

export class EdnaThreads {
  constructor(
    readonly http: HttpClient,
    readonly target: EdnaThreadsTarget,
    /** null: no Authorization header at all. */
    private readonly authorization: string | null = `Bearer ${target.token}`,
  ) {}

  /** The same API under another Authorization header, or none (null). */
  withAuthorization(authorization: string | null): EdnaThreads {
    return new EdnaThreads(this.http, this.target, authorization);
  }

  private headers(): Record<string, string> {
    return {
      ...(this.authorization === null ? {} : { Authorization: this.authorization }),
      ...(this.target.tenant === undefined ? {} : { 'X-Tenant-Name': this.target.tenant }),
    };
  }

  send(body: unknown): Promise<Reply> {
    return this.http.send({ method: 'POST', path: PATH, json: body, headers: this.headers() });
  }

  sendRaw(body: string): Promise<Reply> {
    return this.http.send({ method: 'POST', path: PATH, body, headers: this.headers() });
  }

  /** Sends an answer that sets up a check: it must be accepted. */
  async sendAccepted(body: unknown, what: string): Promise<void> {
    assert2xx(await this.send(body), `${what} (needed to set up this check)`);
  }

  /**
   * Which header/footer shape the target takes: the document's "array" first, then the one object
   * its field list describes. Undefined when it takes neither.
   */
  async headerShape(address: Address): Promise<HeaderShape | undefined> {
    const base = answer(address, {
      quickReplies: [{ type: 'TEXT', text: 'Yes', imageUrl: null, url: null }],
      quickRepliesHeaderFooter: { header: [{ text: 'Header' }], footer: [{ text: 'Footer' }] },
    });
    for (const shape of ['array', 'object'] as const) {
      const reply = await this.send(freshAnswerId(inHeaderShape(base, shape)));
      if (reply.status >= 200 && reply.status < 300) return shape;
    }
    return undefined;
  }
}

// --- fixture slices -------------------------------------------------------------------------------

type ConsumedPool = 'questionIds' | 'sessions' | 'emailSessions';

/**
 * Every check that answers fixture questions, with how many it answers, per pool. Answering a
 * question consumes it (a second answer is refused in strict mode), and tests run in parallel and
 * may be retried, so each check owns a fixed slice: its offset is the sum of the uses listed before
 * it, each times the attempts allowed.
 */
const QUESTION_USES: Record<ConsumedPool, Record<string, number>> = {
  questionIds: { 'address.question-id': 1, 'code.values': CODES.length, 'switch-to-human.routing': 1, 'answer-id.strict-mode': 1, 'answer-id.soft-mode': 1, 'input.wrong-types': 1 },
  sessions: { 'address.session-question-index': 1, 'answer-id.strict-mode': 1, 'answer-id.soft-mode': 1, 'input.wrong-types': 1 },
  emailSessions: { 'address.email-session': 1 },
};

type PoolItem<P extends ConsumedPool> = NonNullable<EdnaThreadsTarget['fixtures'][P]>[number];

/** The fixture questions a check (named by its requirement key) owns in a pool. */
export type Slice = <P extends ConsumedPool>(pool: P, key: string) => Promise<PoolItem<P>[]>;

function sliceOf(info: TestInfo, pool: ConsumedPool, use: string): { start: number; end: number } {
  const attempts = info.project.retries + 1;
  const uses = Object.entries(QUESTION_USES[pool]);
  const index = uses.findIndex(([name]) => name === use);
  if (index < 0) throw new Error(`no fixture use "${use}" in pool ${pool}: add it to QUESTION_USES`);
  const before = uses.slice(0, index).reduce((sum, [, n]) => sum + n * attempts, 0);
  const count = uses[index][1];
  const start = before + info.retry * count;
  return { start, end: start + count };
}

/** The edna fixtures: the API, its target section, the client answers go to (and a WhatsApp one), and slices of fixture questions. */
/** quickRepliesHeaderFooter and messageListPicker are «только для Whatsapp»: only a WhatsApp client gets them. */
export const NO_WHATSAPP_CLIENT = 'the target lists no fixtures.whatsAppClientIds: quickRepliesHeaderFooter and messageListPicker are «только для Whatsapp», and a client of another channel may refuse them';
export const whatsAppClientOf = (target: EdnaThreadsTarget) => target.fixtures.whatsAppClientIds?.[0];
/** Whether an answer carries WhatsApp-only content. */
export const whatsAppOnly = (body: unknown) => Boolean((body as Body | undefined)?.quickRepliesHeaderFooter || (body as Body | undefined)?.messageListPicker);

export const test = conformance.extend<{ edna: EdnaThreads; ednaTarget: EdnaThreadsTarget; client: Address; whatsApp: Address; slice: Slice }>({
  ednaTarget: async ({ section }, use) => use(section as unknown as EdnaThreadsTarget),
  edna: async ({ http, ednaTarget }, use) => use(new EdnaThreads(http, ednaTarget)),
  // Answers by threadsClientId are tied to no question, so every check may share one client.
  // The reporter records the skip against every requirement the test is tagged with.
  client: async ({ ednaTarget }, use, info) => {
    const id = ednaTarget.fixtures.threadsClientIds?.[0];
    info.skip(id === undefined, 'the target lists no fixtures.threadsClientIds (a client to address answers to)');
    await use({ threadsClientId: id });
  },
  whatsApp: async ({ ednaTarget }, use, info) => {
    const id = whatsAppClientOf(ednaTarget);
    info.skip(id === undefined, NO_WHATSAPP_CLIENT);
    await use({ threadsClientId: id });
  },
  slice: async ({ ednaTarget, skipCheck }, use, info) => {
    await use(async (pool, key) => {
      const available = (ednaTarget.fixtures[pool] ?? []) as PoolItem<typeof pool>[];
      const { start, end } = sliceOf(info, pool, key);
      if (available.length < end) {
        await skipCheck(key, `needs fixtures.${pool}[${start}..${end - 1}] (each check answers questions of its own), the target lists ${available.length}`);
      }
      return available.slice(start, end);
    });
  },
});

export { expect };
