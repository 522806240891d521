// The Lia API as the specs call it: one method, the key in the query string, every request timed
// against the document's processing limit, and the schema's own examples as the events to send.
// The client asserts nothing; the expectations do.
import { randomUUID } from 'node:crypto';
import type { TestInfo } from '@playwright/test';
import { declaredPerProfile } from '../../fixtures/perProfile.ts';
import { test as conformance } from '../../fixtures/conformance.ts';
import { withoutSteps } from '../../fixtures/withoutSteps.ts';
import type { Reply } from '../../lib/httpClient.ts';
import { schemaOf } from '../../lib/schemas.ts';
import type { LiaTarget } from './target.ts';
import { LiaExpectations } from './expectations.ts';
import { EVENT_PATH, TimedClient } from './timedClient.ts';

export const DOC = 'lia';

/** The incoming event schemas, as IncomingEvent lists them. */
export const EVENT_SCHEMAS = (schemaOf(DOC, 'IncomingEvent').oneOf as { $ref: string }[]).map((s) => s.$ref.replace('#/components/schemas/', ''));
/** Events whose params name what the project defines («должно быть определено заранее»): a target may refuse even a valid one. */
export const NAMED_BY_PROJECT = new Set(['IntentEvent', 'RawEvent']);

export type LiaEvent = { type: string; params: Record<string, unknown> };
export type LiaRequest = { user_id: string; event: LiaEvent; facts?: Record<string, unknown> };

/** The first example a component schema of schemas/lia.openapi.json carries. */
export function example<T = LiaEvent>(name: string): T {
  const found = (schemaOf(DOC, name).examples as unknown[] | undefined)?.[0];
  if (found === undefined) throw new Error(`schemas/lia.openapi.json: ${name} has no example`);
  return structuredClone(found) as T;
}

const labelOf = (body: unknown) => {
  const type = (body as { event?: { type?: unknown } } | undefined)?.event?.type;
  return typeof type === 'string' ? `${type} event` : 'a body without an event type';
};

export class LiaApi {
  constructor(
    private readonly client: TimedClient,
    readonly target: LiaTarget,
  ) {}

  /** A fresh user id of English letters (both cases), digits and hyphens. */
  static newUserId(): string {
    return `Harness-${randomUUID()}`;
  }

  /** Sends an incoming event with the channel key, another key, or (null) none. */
  send(body: unknown, key: string | null = this.target.key): Promise<Reply> {
    return this.client.send({ method: 'POST', path: EVENT_PATH, query: { key: key ?? undefined }, json: body }, labelOf(body));
  }

  /** Sends an incoming event with the channel key by another method than the document's POST. */
  sendBy(method: string, body: unknown): Promise<Reply> {
    return this.client.send({ method, path: EVENT_PATH, query: { key: this.target.key }, json: body }, `${method} ${labelOf(body)}`);
  }

  /** Sends a body as is (for bodies that are not JSON). */
  sendText(body: string): Promise<Reply> {
    return this.client.send({ method: 'POST', path: EVENT_PATH, query: { key: this.target.key }, body }, 'a raw body');
  }
}

export const NO_DECLARED_INTENTS =
  'the target declares no intents: intent names «должны быть определены заранее в разделе “Намерения”», and an event naming one its project lacks may be refused whatever else it holds';
const NO_DECLARED_ENTITIES =
  'the target declares no entities: entity names «должны быть определены заранее в разделе “Сущности”», and an event naming one its project lacks may be refused whatever else it holds';

/** The first name the target declares in a list of its project's names; the test is skipped, saying why, without one. */
function firstDeclared(section: Record<string, unknown>, field: 'intents' | 'entities', reason: string, info: TestInfo): string {
  const declared = (section as unknown as LiaTarget)[field]?.[0];
  // The reporter records the skip against every requirement the test is tagged with.
  info.skip(declared === undefined, reason);
  return declared!;
}

/**
 * The Lia fixtures: `lia`, whose requests are checked against the processing limit when the test
 * ends; `expectations`, whose checks are soft (MUST failures fail the test when it ends); and
 * `intent` and `entity`, names the target declares (the test is skipped without one).
 */
// Each test once per profile of the run this folder serves (fixtures/perProfile.ts).
export const test = declaredPerProfile(
  conformance.extend<{ lia: LiaApi; expectations: LiaExpectations; intent: string; entity: string }>(
    withoutSteps({
      lia: async ({ http, section, check }, use, info) => {
        const client = new TimedClient(http);
        // «Максимальное время обработки одного запроса — 30 секунд»: a test has time for two requests
        // at the limit, however fast the preflight found the target, so a slow answer is measured.
        info.setTimeout(Math.max(info.timeout, 2 * client.waitMs));
        await use(new LiaApi(client, section as unknown as LiaTarget));
        if (client.requests > 0) await check('processing.time-limit', async () => client.assertWithinLimit());
      },
      expectations: async ({ softCheck, deferred, eachCase }, use, info) =>
        use(new LiaExpectations(softCheck, deferred, eachCase, (key) => info.tags.includes(`@${key}`))),
      intent: async ({ section }, use, info) => use(firstDeclared(section, 'intents', NO_DECLARED_INTENTS, info)),
      entity: async ({ section }, use, info) => use(firstDeclared(section, 'entities', NO_DECLARED_ENTITIES, info)),
    }),
  ),
  import.meta.url,
);

/** Every Lia test is timed: its describe blocks carry this tag. */
export const TIMED = { tag: '@processing.time-limit' };
