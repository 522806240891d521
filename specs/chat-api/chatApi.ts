// The Chat API as the specs call it: each call by the operationId of schemas/chat-api.openapi.json
// (paths from the document, the target's own where the document marks them not public), every
// call journaled through the HttpClient. It asserts nothing but what its own waits need.
import { setTimeout as delay } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { declaredPerProfile } from '../../fixtures/perProfile.ts';
import { test as conformance, expect } from '../../fixtures/conformance.ts';
import { withoutSteps } from '../../fixtures/withoutSteps.ts';
import { RequestFailed, type HttpClient, type Reply, type RequestSpec } from '../../lib/httpClient.ts';
import { innermostObject, mentions, propertyValues } from '../../lib/jsonSearch.ts';
import { describeOffset } from '../../lib/serverClock.ts';
import { answerTimestamp, STAMPED_ANSWERS } from './answerTime.ts';
import { fillPath, newClientId, operationTemplate } from './chatPaths.ts';
import { CHAT_API_DEFAULTS, type ChatApiTarget } from './target.ts';

export type PollResult = { blocked: true; elapsedMs: number } | { blocked: false; reply: Reply; elapsedMs: number };

export interface EventsQuery {
  clientId: string;
  all?: boolean;
  ts?: number;
  cid?: string;
}

/** The longest a ts between two requests waits for the target's clocks to pass it: a wider spread is not judged within a test. */
const MAX_INSTANT_WAIT_MS = 15_000;
/** How far the target's clock may be from ours when nothing shows it (no Date header, no timestamp, no declared offset). */
const UNKNOWN_CLOCK_SLACK_MS = 10 * 60_000;

/** What pollUntil saw: every answer's body, and the answers. */
export interface PollUntil {
  seen: unknown[];
  replies: Reply[];
}

export class ChatApi {
  constructor(
    readonly http: HttpClient,
    readonly target: ChatApiTarget,
    private readonly token = target.token,
  ) {}

  /** The same API under another token (for the unknown-token checks). */
  withToken(token: string): ChatApi {
    return new ChatApi(this.http, this.target, token);
  }

  template(operationId: string): { method: string; template: string } {
    return operationTemplate(this.target, operationId);
  }

  path(template: string, clientId = '', questionId = ''): string {
    return fillPath(template, this.token, clientId, questionId);
  }

  /**
   * Calls an operation of the document by its operationId. The `timestamp` of an answer to a
   * message (seed 000: the server's own time of it) bounds the application's clock.
   */
  async call(operationId: string, spec: Omit<RequestSpec, 'method' | 'path'> & { clientId?: string; questionId?: string } = {}): Promise<Reply> {
    const { clientId, questionId, ...rest } = spec;
    const { method, template } = this.template(operationId);
    const sentAt = Date.now();
    const reply = await this.http.send({ ...rest, method, path: this.path(template, clientId, questionId) });
    const stamp = STAMPED_ANSWERS.has(operationId) && reply.status < 300 ? answerTimestamp(reply.json) : undefined;
    if (stamp !== undefined) this.http.clock.observeStamp(sentAt, Date.now(), stamp);
    return reply;
  }

  static newClientId(): string {
    return newClientId();
  }

  static newCid(): string {
    return randomUUID().replace(/-/g, '').slice(0, 12);
  }

  /** A text no other traffic holds: a check finds its own events by it, anywhere in a body, never by layout. */
  static marker(label: string): string {
    return `${label}-${ChatApi.newCid()}`;
  }

  /** The event name requests send: the bot's declared one (bot.event), else a made-up name. */
  get event(): string {
    return this.target.bot.event ?? 'harnessEvent';
  }

  sync(body: unknown): Promise<Reply> {
    return this.call('sendSync', { json: body });
  }

  syncRaw(body: string): Promise<Reply> {
    return this.call('sendSync', { body });
  }

  simplified(query: Record<string, string>): Promise<Reply> {
    return this.call('sendSimplified', { query });
  }

  async(body: unknown): Promise<Reply> {
    return this.call('sendAsync', { json: body });
  }

  /**
   * An instant of the target's clock at or before everything sent from our instant `local` on:
   * the `ts` (or the start of a period) that takes in all of a test's traffic, whatever the offset
   * between the clocks (its Date header's and its application's). Without a Date header, a
   * timestamp or a declared offset, ten minutes of slack.
   */
  targetTimeAtOrBefore(local: number): number {
    return (this.http.clock.earliest(local) ?? local - UNKNOWN_CLOCK_SLACK_MS) - this.target.timing.clockToleranceMs;
  }

  /** An instant of the target's clock at or after everything answered up to our instant `local`. */
  targetTimeAtOrAfter(local: number): number {
    return (this.http.clock.latest(local) ?? local + UNKNOWN_CLOCK_SLACK_MS) + this.target.timing.clockToleranceMs;
  }

  /**
   * Why no instant can be put between two requests in the target's time within a test, or
   * undefined when one can: its clock is unknown, or its two clocks are too far apart.
   */
  noInstantBetween(): string | undefined {
    const o = this.http.clock.offset();
    if (!o)
      return 'the target sends no Date header, its answers carry no timestamp, and it declares no timing.clockOffsetMs: no ts can be put between two requests in its time';
    if (o.high - o.low <= MAX_INSTANT_WAIT_MS) return undefined;
    const stamps = this.http.clock.stampOffset();
    const clocks = `its Date header's clock (or the declared offset): ${describeOffset(this.http.clock.dateOffset())}${stamps ? `; its answers' timestamps: ${describeOffset(stamps)}` : ''}`;
    return `the target's clock is known only to ${describeOffset(o)} (${clocks}): a ts between two requests would wait longer than ${MAX_INSTANT_WAIT_MS / 1000} s for it to pass`;
  }

  /**
   * An instant of the target's clock after everything answered by our instant `answeredAt`, once
   * the target's clock — either of them — has surely passed it (so everything sent next comes after
   * it); only where noInstantBetween says one can be put. ts is a time filter: time passing is the
   * stimulus here.
   */
  async targetInstantBetween(answeredAt: number): Promise<number> {
    const instant = this.targetTimeAtOrAfter(answeredAt);
    const wait = instant + this.target.timing.clockToleranceMs - this.http.clock.earliest(Date.now())!;
    if (wait > 0) await delay(wait);
    return instant;
  }

  private tsParam(ts: number | undefined): string | undefined {
    if (ts === undefined) return undefined;
    return this.target.events.tsFormat === 'iso' ? new Date(ts).toISOString() : String(ts);
  }

  /**
   * One long poll. A poll the target holds past `waitMs` counts as blocked (the request is
   * abandoned at that bound); anything else is the reply.
   */
  async poll(q: EventsQuery, waitMs = this.target.timing.longPollMaxMs): Promise<PollResult> {
    const started = performance.now();
    try {
      const reply = await this.call('getEvents', {
        query: { clientId: q.clientId, all: q.all === undefined ? undefined : String(q.all), ts: this.tsParam(q.ts), cid: q.cid },
        timeoutMs: waitMs,
      });
      return { blocked: false, reply, elapsedMs: performance.now() - started };
    } catch (err) {
      if (err instanceof RequestFailed && err.kind === 'timeout') return { blocked: true, elapsedMs: performance.now() - started };
      throw err;
    }
  }

  /**
   * Polls until `done` holds for everything seen, or the bound passes (Complement's SyncUntil):
   * each poll may return part of what is wanted. Every answer must be a 2xx.
   */
  async pollUntil(q: EventsQuery, done: (seen: unknown[]) => boolean, boundMs: number): Promise<PollUntil> {
    const seen: unknown[] = [];
    const replies: Reply[] = [];
    const deadline = performance.now() + boundMs;
    while (performance.now() < deadline) {
      const result = await this.poll(q, Math.max(1, deadline - performance.now()));
      if (result.blocked) break;
      replies.push(result.reply);
      expect(result.reply).toBe2xx('events poll');
      seen.push(result.reply.json);
      if (done(seen)) break;
    }
    return { seen, replies };
  }

  history(clientId: string, period?: { from: Date; to: Date }): Promise<Reply> {
    if (!period) return this.call('getHistory', { clientId });
    const query = Object.fromEntries(
      new URLSearchParams(
        this.target.paths.historyPeriodQuery
          .replace('{from}', encodeURIComponent(period.from.toISOString()))
          .replace('{to}', encodeURIComponent(period.to.toISOString())),
      ),
    );
    return this.call('getHistory', { clientId, query });
  }

  saveState(clientId: string, state: unknown): Promise<Reply> {
    return this.call('saveState', { clientId, json: state });
  }

  loadState(clientId: string): Promise<Reply> {
    return this.call('loadState', { clientId });
  }

  /**
   * Why the state methods cannot be judged, when they cannot: no public document gives their paths,
   * so a 404 (or 405) on the harness's guess says nothing of the target. Probes with a load and an
   * empty save.
   */
  async stateUnavailable(clientId: string): Promise<string | undefined> {
    const guessed = (['stateSave', 'stateLoad'] as const).filter((p) => !this.target.declaredPaths.includes(p));
    if (!guessed.length) return undefined;
    const missing = [await this.loadState(clientId), await this.saveState(clientId, {})].find((r) => r.status === 404 || r.status === 405);
    return (
      missing &&
      `the state methods answered ${missing.status} on the harness's default paths, and no public document gives theirs: declare paths.${guessed.join(' and paths.')} in the target file`
    );
  }

  getStatus(clientId: string, questionId: string): Promise<Reply> {
    return this.call('getMessageStatus', { clientId, questionId });
  }

  setStatus(clientId: string, questionId: string, body: unknown): Promise<Reply> {
    return this.call('setMessageStatus', { clientId, questionId, json: body });
  }

  setStatuses(clientId: string, body: unknown): Promise<Reply> {
    return this.call('setMessageStatuses', { clientId, json: body });
  }

  /**
   * A `statuses` item in the target's declared shape: the fields `questionId` and `status` of the
   * harness's reading renamed to the declared ones (others, and absent ones, left as they are).
   */
  asStatusItem(item: Record<string, unknown>): Record<string, unknown> {
    const shape = this.target.statusItem ?? CHAT_API_DEFAULTS.statusItem;
    const names: Record<string, string> = { questionId: shape.id, status: shape.status };
    return Object.fromEntries(Object.entries(item).map(([k, v]) => [names[k] ?? k, v]));
  }

  statusItem(questionId: string, status: unknown): Record<string, unknown> {
    return this.asStatusItem({ questionId, status });
  }

  notReadCount(clientId: string): Promise<Reply> {
    return this.call('getNotReadCount', { clientId });
  }

  /**
   * A text query that must succeed, for scenarios that need a conversation. Returns the message's
   * questionId when the answer names one (public clients read it there; the document does not say).
   */
  async converse(clientId: string, query: string, cid?: string): Promise<string | undefined> {
    return (await this.exchange(clientId, query, cid)).questionId;
  }

  /** The same, with the texts of the bot's replies in the answer (what a history or an event of the answer then shows). */
  async exchange(clientId: string, query: string, cid?: string): Promise<{ questionId?: string; replyTexts: string[] }> {
    const reply = await this.sync({ clientId, query, ...(cid ? { cid } : {}) });
    expect(reply).toBe2xx('a plain text query (needed to set up this check)');
    return { questionId: questionIdOf(reply.json), replyTexts: replyTexts(reply.json) };
  }

  /**
   * The questionId of the message a query made: from its answer, or as the document says to get
   * it ("Чтобы получить идентификатор, воспользуйтесь методом GET .../history") from the history.
   */
  async messageId(clientId: string, query: string): Promise<string | undefined> {
    const fromAnswer = await this.converse(clientId, query);
    if (fromAnswer) return fromAnswer;
    const history = await this.history(clientId);
    if (history.status >= 300) return undefined;
    return messageIdsNear(history.json, query)[0];
  }
}

const isId = (id: unknown): id is string | number => typeof id === 'string' || typeof id === 'number';

/** The names a server gives a message's id: the document's questionId first. */
const ID_NAMES = ['questionId', 'messageId', 'id'];

/**
 * The ids (under any of ID_NAMES, questionId first) of the innermost object that mentions the text
 * and names one: a message of a history whose fields no public document gives.
 */
export function messageIdsNear(json: unknown, text: string): string[] {
  const found = innermostObject(json, (node) => ID_NAMES.some((name) => isId(node[name])) && mentions(node, text));
  return found === undefined ? [] : ID_NAMES.filter((name) => isId(found[name])).map((name) => String(found[name]));
}

/**
 * The texts of the bot's replies in an answer: the `text` of each item of a `replies` list wherever
 * it sits (not the labels of buttons inside), else its `answer` text; blank ones left out.
 */
export function replyTexts(json: unknown): string[] {
  const texts = (items: unknown[]) => items.filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  const fromReplies = texts(
    propertyValues(json, 'replies').flatMap((list) => (Array.isArray(list) ? list.map((item) => (item as { text?: unknown } | null)?.text) : [])),
  );
  return [...new Set(fromReplies.length ? fromReplies : texts(propertyValues(json, 'answer')))];
}

/** The questionId of a sync or async answer, wherever the target put it. */
export function questionIdOf(json: unknown): string | undefined {
  const found = propertyValues(json, 'questionId').find(isId);
  return found === undefined ? undefined : String(found);
}

/**
 * The message id an async answer gives («вы получите только идентификатор сообщения»), under any
 * name a server uses (questionId, id, messageId) or as the bare body; the document names none.
 */
export function messageIdOf(body: unknown): string | undefined {
  if (isId(body)) return String(body).trim() || undefined;
  for (const name of ID_NAMES) {
    const found = propertyValues(body, name).find(isId);
    if (found !== undefined) return String(found);
  }
  return undefined;
}

/** The Chat API fixtures: `chat` for the project's profile, and the profile's target section. */
// Each test once per profile of the run this folder serves (fixtures/perProfile.ts).
export const test = declaredPerProfile(
  conformance.extend<{ chat: ChatApi; chatTarget: ChatApiTarget }>(
    withoutSteps({
      chatTarget: async ({ section }, use) => use(section as unknown as ChatApiTarget),
      chat: async ({ http, chatTarget }, use) => {
        const { clockOffsetMs, clockToleranceMs } = chatTarget.timing;
        if (clockOffsetMs !== undefined) http.clock.declare({ low: clockOffsetMs - clockToleranceMs, high: clockOffsetMs + clockToleranceMs });
        await use(new ChatApi(http, chatTarget));
      },
    }),
  ),
  import.meta.url,
);

export { expect };
