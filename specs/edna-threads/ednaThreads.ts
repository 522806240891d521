// The edna Threads bot-answer API as the specs call it: POST /api/v1/chatbot with the target's
// bearer token and tenant, answer bodies built around the target's fixtures, and fixture questions
// spent sparingly (lib/consumableFixtures.ts). It asserts nothing about the target; the specs do.
import { randomUUID } from 'node:crypto';
import { declaredPerProfile } from '../../fixtures/perProfile.ts';
import { test as conformance, expect } from '../../fixtures/conformance.ts';
import { withoutSteps } from '../../fixtures/withoutSteps.ts';
import { recordPoolUse, spendOne } from '../../lib/consumableFixtures.ts';
import { NotJudged } from '../../lib/verdict.ts';
import type { GeneratedCase } from '../../lib/cases.ts';
import type { HttpClient, Reply } from '../../lib/httpClient.ts';
import { schemaOf } from '../../lib/schemas.ts';
import { isAccepted, isRefusal } from '../../lib/expectations.ts';
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

/** Sends a generated case as an answer under a fresh answerId and expects it refused with a 4xx (a case for eachCase). */
export const refusedCase = (edna: EdnaThreads) => async (c: GeneratedCase) => expect(await edna.send(freshAnswerId(c.body))).toBeRefused(c.title);

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
    /** null: no X-Tenant-Name header at all (as for a target that declares no tenant). */
    private readonly tenant: string | null = target.tenant ?? null,
  ) {}

  /** The same API under another Authorization header, or none (null). */
  withAuthorization(authorization: string | null): EdnaThreads {
    return new EdnaThreads(this.http, this.target, authorization, this.tenant);
  }

  /** The same API under another X-Tenant-Name, or none (null). */
  withTenant(tenant: string | null): EdnaThreads {
    return new EdnaThreads(this.http, this.target, this.authorization, tenant);
  }

  private headers(): Record<string, string> {
    return {
      ...(this.authorization === null ? {} : { Authorization: this.authorization }),
      ...(this.tenant === null ? {} : { 'X-Tenant-Name': this.tenant }),
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
    expect(await this.send(body)).toBe2xx(`${what} (needed to set up this check)`);
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
      if (isAccepted(reply)) return shape;
    }
    return undefined;
  }
}

// --- fixture questions -----------------------------------------------------------------------------

type ConsumedPool = 'questionIds' | 'sessions' | 'emailSessions' | 'emailQuestions';

/**
 * The checks whose subject is answering a given question, per pool: only they spend one (every
 * other check answers a client, which spends nothing). Each entry is one place in a run's slot;
 * strict and soft mode share theirs, since a target runs one of them.
 */
const SPENDERS: Record<ConsumedPool, string[][]> = {
  questionIds: [['address.question-id'], ['answer-id.strict-mode', 'answer-id.soft-mode']],
  sessions: [['address.session-question-index'], ['answer-id.strict-mode', 'answer-id.soft-mode']],
  emailSessions: [['address.email-session']],
  emailQuestions: [['address.email-question-id-refused']],
};

type PoolItem<P extends ConsumedPool> = NonNullable<EdnaThreadsTarget['fixtures'][P]>[number];

/**
 * The `question` fixture: answers a fixture question of the check's own with `send` and returns
 * the answer taken. Where the target does not declare its questions fresh, a refused one may have
 * been answered by an earlier run: another is tried, and when the declared ones are used up the
 * check is not judged. Call it inside the check, so that the exchanges are its evidence.
 */
export type Question = <P extends ConsumedPool>(
  pool: P,
  key: string,
  send: (item: PoolItem<P>) => Promise<Reply>,
) => Promise<{ item: PoolItem<P>; reply: Reply }>;

/** Why a check that sends WhatsApp-only content is skipped on a target that declares no WhatsApp client. */
export const NO_WHATSAPP_CLIENT =
  'the target lists no fixtures.whatsAppClientIds: quickRepliesHeaderFooter and messageListPicker are «только для Whatsapp», and a client of another channel may refuse them';
/** The client WhatsApp-only content goes to: quickRepliesHeaderFooter and messageListPicker are «только для Whatsapp». */
export const whatsAppClientOf = (target: EdnaThreadsTarget) => target.fixtures.whatsAppClientIds?.[0];
/** Whether an answer carries WhatsApp-only content. */
export const whatsAppOnly = (body: unknown) => Boolean((body as Body | undefined)?.quickRepliesHeaderFooter || (body as Body | undefined)?.messageListPicker);

/** The edna fixtures: the API, its target section, the client answers go to (and a WhatsApp one), and fixture questions. */
// Each test once per profile of the run this folder serves (fixtures/perProfile.ts).
export const test = declaredPerProfile(
  conformance.extend<{ edna: EdnaThreads; ednaTarget: EdnaThreadsTarget; client: Address; whatsApp: Address; question: Question }>(
    withoutSteps({
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
      question: async ({ ednaTarget }, use, info) => {
        await use(async (pool, key, send) => {
          const places = SPENDERS[pool];
          const position = places.findIndex((keys) => keys.includes(key));
          if (position < 0) throw new Error(`harness defect: ${key} spends no ${pool}: add it to SPENDERS`);
          const items = (ednaTarget.fixtures[pool] ?? []) as PoolItem<typeof pool>[];
          const fresh = ednaTarget.fixtures.fresh === true;
          const got = await spendOne({ items, position, perRun: places.length, fresh, attempt: info.retry, spend: send, refused: isRefusal });
          const spent = got.taken && !isRefusal(got.taken.result) ? 1 : 0;
          await recordPoolUse(info, { pool, declared: items.length, perRun: places.length, fresh, spent, foundSpent: got.refusals.length });
          if (!got.taken) {
            const last = got.refusals.at(-1);
            const seen = last ? `; the last refusal: ${last.status} ${last.text.slice(0, 200)}` : '';
            throw new NotJudged(`the declared questions are used up: declare fresh ones or reset them (fixtures.${pool}: ${got.usedUp}${seen})`);
          }
          return { item: got.taken.item, reply: got.taken.result };
        });
      },
    }),
  ),
  import.meta.url,
);

export { expect };
