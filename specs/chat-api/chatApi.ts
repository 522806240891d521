// The Chat API as the specs call it: paths built from the target (token, path overrides), every
// call journaled through the HttpClient. It asserts nothing; the specs do.
import { randomUUID } from 'node:crypto';
import { test as conformance, expect } from '../../fixtures/conformance.ts';
import { RequestFailed, type HttpClient, type Reply } from '../../lib/httpClient.ts';
import type { ChatApiTarget } from './target.ts';
import { mentions, propertyValues } from '../../lib/jsonSearch.ts';

export type PollResult = { blocked: true; elapsedMs: number } | { blocked: false; reply: Reply; elapsedMs: number };

export interface EventsQuery {
  clientId: string;
  all?: boolean;
  ts?: number;
  cid?: string;
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

  get root(): string {
    return `/chatapi/${encodeURIComponent(this.token)}`;
  }

  /** Fills a path template's {token}, {clientId} and {questionId}. */
  path(template: string, clientId = '', questionId = ''): string {
    return template
      .replace('{token}', encodeURIComponent(this.token))
      .replace('{clientId}', encodeURIComponent(clientId))
      .replace('{questionId}', encodeURIComponent(questionId));
  }

  static newClientId(): string {
    return `harness-${randomUUID()}`;
  }

  static newCid(): string {
    return randomUUID().replace(/-/g, '').slice(0, 12);
  }

  sync(body: unknown): Promise<Reply> {
    return this.http.send({ method: 'POST', path: this.root, json: body });
  }

  syncRaw(body: string): Promise<Reply> {
    return this.http.send({ method: 'POST', path: this.root, body });
  }

  simplified(query: Record<string, string>): Promise<Reply> {
    return this.http.send({ method: 'GET', path: this.root, query });
  }

  async(body: unknown): Promise<Reply> {
    return this.http.send({ method: 'POST', path: `${this.root}/async`, json: body });
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
      const reply = await this.http.send({
        method: 'GET',
        path: `${this.root}/events`,
        query: { clientId: q.clientId, all: q.all === undefined ? undefined : String(q.all), ts: this.tsParam(q.ts), cid: q.cid },
        timeoutMs: waitMs,
      });
      return { blocked: false, reply, elapsedMs: performance.now() - started };
    } catch (err) {
      if (err instanceof RequestFailed && err.kind === 'timeout') return { blocked: true, elapsedMs: performance.now() - started };
      throw err;
    }
  }

  history(clientId: string, period?: { from: Date; to: Date }): Promise<Reply> {
    const path = this.path('/chatapi/{token}/client/{clientId}/history', clientId);
    if (!period) return this.http.send({ method: 'GET', path });
    const query = Object.fromEntries(
      new URLSearchParams(
        this.target.paths.historyPeriodQuery
          .replace('{from}', encodeURIComponent(period.from.toISOString()))
          .replace('{to}', encodeURIComponent(period.to.toISOString())),
      ),
    );
    return this.http.send({ method: 'GET', path, query });
  }

  saveState(clientId: string, state: unknown): Promise<Reply> {
    return this.http.send({ method: 'POST', path: this.path(this.target.paths.stateSave, clientId), json: state });
  }

  loadState(clientId: string): Promise<Reply> {
    return this.http.send({ method: 'GET', path: this.path(this.target.paths.stateLoad, clientId) });
  }

  getStatus(clientId: string, questionId: string): Promise<Reply> {
    return this.http.send({ method: 'GET', path: this.path('/chatapi/{token}/client/{clientId}/message/{questionId}/status', clientId, questionId) });
  }

  setStatus(clientId: string, questionId: string, body: unknown): Promise<Reply> {
    return this.http.send({ method: 'POST', path: this.path('/chatapi/{token}/client/{clientId}/message/{questionId}/status', clientId, questionId), json: body });
  }

  setStatuses(clientId: string, body: unknown): Promise<Reply> {
    return this.http.send({ method: 'POST', path: this.path('/chatapi/{token}/client/{clientId}/message-statuses', clientId), json: body });
  }

  notReadCount(clientId: string): Promise<Reply> {
    return this.http.send({ method: 'GET', path: this.path('/chatapi/{token}/client/{clientId}/message-not-read-count', clientId) });
  }

  /**
   * A text query that must succeed, for scenarios that need a conversation. Returns the message's
   * questionId when the answer names one (public clients read it there; the document does not say).
   */
  async converse(clientId: string, query: string, cid?: string): Promise<string | undefined> {
    const reply = await this.sync({ clientId, query, ...(cid ? { cid } : {}) });
    expect(reply.status, `a plain text query is answered 2xx (needed to set up this check)\n${reply.text.slice(0, 300)}`).toBeLessThan(300);
    return questionIdOf(reply.json);
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
    return questionIdNear(history.json, query);
  }
}

/** The questionId of the innermost object that mentions the text and names a questionId. */
function questionIdNear(json: unknown, text: string): string | undefined {
  let found: string | undefined;
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      Object.values(node).forEach(walk);
      const id = (node as Record<string, unknown>).questionId;
      if (found === undefined && (typeof id === 'string' || typeof id === 'number') && mentions(node, text)) found = String(id);
    }
  };
  walk(json);
  return found;
}

/** The questionId of a sync or async answer, wherever the target put it. */
export function questionIdOf(json: unknown): string | undefined {
  const found = propertyValues(json, 'questionId').find((v) => typeof v === 'string' || typeof v === 'number');
  return found === undefined ? undefined : String(found);
}

/** The Chat API fixtures: `chat` for the project's profile, and the profile's target section. */
export const test = conformance.extend<{ chat: ChatApi; chatTarget: ChatApiTarget }>({
  chatTarget: async ({ section }, use) => use(section as unknown as ChatApiTarget),
  chat: async ({ http, chatTarget }, use) => use(new ChatApi(http, chatTarget)),
});

export { expect };
