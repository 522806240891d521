// The reference implementation of the JAICP / Aimylogic Chat API (seeds 000 and 002), in memory.
// It implements the documents faithfully where they speak; where they are silent it makes one
// reasonable choice (documented inline), which the suite must not depend on.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { isObject, readJson, sendJson, serve } from '../http.ts';
import { clockOf } from '../variants.ts';
import { AGENT, answer, type BotAnswer, type BotReply } from './bot.ts';

export interface ChatApiTimings {
  /** How long /events blocks when nothing matches. */
  longPollBlockMs: number;
  /** Pause between webhook delivery attempts. */
  webhookRetryDelayMs: number;
  /** seed 000: three seconds; configurable so the suite runs fast. */
  asyncAnswerTimeoutMs: number;
  /** How long the bot's slow answer takes (longer than asyncAnswerTimeoutMs). */
  slowAnswerMs: number;
  /** How long after the bot hands a client over the agent answers. */
  agentReplyMs: number;
}

export interface ChatApiOptions {
  token: string;
  webhookUrl?: string;
  timings: ChatApiTimings;
  faults: ReadonlySet<string>;
  variants?: ReadonlySet<string>;
  /**
   * How far the application's clock (what it stamps, filters `ts` by and keeps its history by) runs
   * ahead of the clock of its Date header, a front proxy's: 0 unless a variant sets them apart.
   */
  applicationClockMs?: number;
}

export const STATUSES = ['SENT', 'DELIVERED', 'READ', 'NOT_SENT'] as const;
/** A documented status, or (under chat-status-extra) the server's own status of a new message. */
type MessageStatus = (typeof STATUSES)[number] | typeof OWN_INITIAL_STATUS;
const OWN_INITIAL_STATUS = 'NOT_DELIVERED';

interface ChatEvent {
  seq: number;
  at: number;
  type: 'clientRequest' | 'botResponse' | 'agentResponse' | 'stateChange';
  cid?: string;
  body: Record<string, unknown>;
}

interface HistoryEntry {
  questionId: string;
  at: number;
  /** The client's request; an agent's reply answers none of its own. */
  request?: { query?: string; event?: string };
  replies: BotReply[];
  /** Who answered; an agent's reply names the agent unless chat-agent-anonymous leaves it out. */
  from: 'bot' | 'agent';
  operator?: Record<string, unknown>;
}

interface Client {
  events: ChatEvent[];
  history: HistoryEntry[];
  statuses: Map<string, MessageStatus>;
  state: unknown;
  /** Per cid (or '' without one): the seq of the last event returned without ts. */
  cursors: Map<string, number>;
  wake: Set<() => void>;
  /** Async requests accepted and not yet answered. */
  inFlight: number;
  /** Under chat-async-queued: the end of the last async answer queued. */
  queue: Promise<void>;
}

interface ClientRequest {
  clientId: string;
  query?: string;
  event?: string;
  data?: Record<string, unknown>;
  cid?: string;
}

// «Максимальное количество событий в ответе на запрос — 250». The reference's own copy of the limit,
// on purpose: an independent second reading of the document, not the harness's schema (EventList).
const MAX_EVENTS_PER_RESPONSE = 250;
/** Under timeout-event-late: the timeouts are swept once every this many waits (a 10 s sweep for a 3 s wait, scaled). */
const TIMEOUT_SWEEP_WAITS = 3;
const localIso = (ms: number) => new Date(ms).toISOString().replace('Z', '');

export async function startChatApiReference(options: ChatApiOptions) {
  const { token, faults } = options;
  const variants = options.variants ?? new Set<string>();
  const timings: ChatApiTimings = {
    ...options.timings,
    ...(variants.has('chat-long-poll-longer') ? { longPollBlockMs: 3000 } : {}),
    ...(variants.has('chat-retry-spacing') ? { webhookRetryDelayMs: 250 } : {}),
  };
  // The application's clock: the machine's, or skewed under the clock variants, and set apart from its Date header's.
  const dateClock = clockOf(variants);
  const now = () => dateClock() + (options.applicationClockMs ?? 0);
  let numericId = 100_000;
  const newQuestionId = () => (variants.has('chat-numeric-ids') ? String(++numericId) : randomUUID());
  const clients = new Map<string, Client>();
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;
  let closed = false;

  const clientOf = (id: string): Client => {
    let c = clients.get(id);
    if (!c) {
      c = { events: [], history: [], statuses: new Map(), state: {}, cursors: new Map(), wake: new Set(), inFlight: 0, queue: Promise.resolve() };
      clients.set(id, c);
    }
    return c;
  };

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    timers.add(t);
  };

  const pushEvent = (clientId: string, event: Omit<ChatEvent, 'seq' | 'at'>) => {
    const c = clientOf(clientId);
    c.events.push({ ...event, seq: ++seq, at: now() });
    if (!faults.has('events-late')) for (const wake of [...c.wake]) wake();
  };

  /** Validates a client request body; undefined means 400. */
  const parseClientRequest = (raw: unknown): ClientRequest | undefined => {
    if (!isObject(raw)) return undefined;
    const coerce = faults.has('wrong-types-accepted');
    // A number or a boolean where text is expected is read as its text (as Jackson does), under chat-coerces-scalars.
    const scalar = (v: unknown) => variants.has('chat-coerces-scalars') && (typeof v === 'number' || typeof v === 'boolean');
    const str = (v: unknown) => (v === undefined || typeof v === 'string' ? v : coerce || scalar(v) ? String(v) : null);
    const clientId = str(raw.clientId);
    const query = str(raw.query);
    const event = str(raw.event);
    const cid = str(raw.cid);
    if (clientId === null || query === null || event === null || cid === null) return undefined;
    // A connection id checked like an identifier, though the document calls it «произвольная строка».
    if (cid !== undefined && ((faults.has('cid-ascii-only') && /[^\x00-\x7f]/.test(cid)) || (faults.has('cid-max-64') && cid.length > 64))) return undefined;
    if (raw.data !== undefined && !isObject(raw.data) && !coerce) return undefined;
    // Silent in the seeds: the reference needs a client and something to answer.
    if (!clientId || (query === undefined && event === undefined)) return undefined;
    return { clientId, query, event, cid, data: isObject(raw.data) ? raw.data : undefined };
  };

  const botAnswer = (r: ClientRequest) => answer({ query: r.query, event: r.event }, timings.slowAnswerMs);

  const answerData = (a: BotAnswer) => ({
    nlpClass: a.nlpClass,
    confidence: a.confidence,
    replies: a.replies,
    answer: a.answer,
    newSessionStarted: false,
    debugData: [],
    endSession: false,
    ...(faults.has('custom-fields-top-level') ? {} : a.response),
  });

  /** Records a handled request: its events, its history entry, the bot message's status. */
  const record = (r: ClientRequest, questionId: string, a: BotAnswer) => {
    const c = clientOf(r.clientId);
    if (!faults.has('events-no-client-requests')) {
      pushEvent(r.clientId, {
        type: 'clientRequest',
        cid: r.cid,
        body: { clientId: r.clientId, questionId, query: r.query, event: r.event, cid: r.cid, timestamp: localIso(now()) },
      });
    }
    if (!faults.has('events-no-bot-answers')) {
      pushEvent(r.clientId, {
        type: 'botResponse',
        cid: r.cid,
        body: { clientId: r.clientId, questionId, cid: r.cid, timestamp: localIso(now()), data: answerData(a) },
      });
    }
    c.history.push({ questionId, at: now(), request: { query: r.query, event: r.event }, replies: a.replies, from: 'bot' });
    c.statuses.set(questionId, variants.has('chat-status-extra') ? OWN_INITIAL_STATUS : 'SENT');
    // An agent joins a client the bot hands over, and answers: an event, a webhook delivery, a message of the history.
    if (a.handsOver) later(timings.agentReplyMs, () => agentReplies(r));
  };

  /** «Ответ от оператора»: the agent's reply to a client the bot handed over. */
  const agentReplies = (r: ClientRequest) => {
    const questionId = newQuestionId();
    const replies: BotReply[] = [{ type: 'text', text: AGENT.reply }];
    const data = { replies, answer: AGENT.reply };
    const named = variants.has('chat-agent-anonymous') ? {} : { operator: AGENT.operator };
    pushEvent(r.clientId, {
      type: 'agentResponse',
      cid: r.cid,
      body: { clientId: r.clientId, questionId, cid: r.cid, ...named, timestamp: localIso(now()), data },
    });
    if (!faults.has('history-no-agent-replies')) clientOf(r.clientId).history.push({ questionId, at: now(), replies, from: 'agent', ...named });
    if (!faults.has('webhook-no-agent-replies')) deliver({ ...webhookItem(r, questionId, data), ...named }, variants.has('chat-agent-webhook-object'));
  };

  // --- webhook delivery, with the documented retries -------------------------------------------
  /** Sends an item to the webhook, in an array unless `alone` (or the fault) sends it as one object. */
  const deliver = (item: Record<string, unknown>, alone = false) => {
    if (!options.webhookUrl) return;
    const body = JSON.stringify(alone || faults.has('webhook-object-not-array') ? item : [item]);
    const retries = faults.has('webhook-no-retry') ? 0 : faults.has('webhook-two-retries') ? 2 : faults.has('webhook-extra-retry') ? 4 : 3;
    const attempt = async (n: number) => {
      let ok = false;
      try {
        const res = await fetch(options.webhookUrl!, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(5000),
        });
        ok = res.ok;
        await res.arrayBuffer();
      } catch {
        ok = false;
      }
      if (ok && faults.has('webhook-retry-after-success') && n === 0) ok = false;
      if (!ok && n < retries) later(timings.webhookRetryDelayMs, () => void attempt(n + 1));
    };
    void attempt(0);
  };

  const webhookItem = (r: ClientRequest, questionId: string, data: Record<string, unknown>) => {
    const item: Record<string, unknown> = { token, clientId: r.clientId, questionId, data, timestamp: localIso(now()) };
    if (!faults.has('webhook-no-blockform')) item.blockForm = faults.has('webhook-blockform-string') ? 'false' : false;
    return item;
  };

  // --- handlers -----------------------------------------------------------------------------------
  type Params = Record<string, string>;
  type Route = { method: string; pattern: RegExp; handle: (req: IncomingMessage, res: ServerResponse, p: Params, url: URL) => Promise<void> | void };

  const bodyOf = async (req: IncomingMessage, res: ServerResponse): Promise<{ value: unknown } | undefined> => {
    const body = await readJson(req);
    if (!body.ok) {
      if (body.reason === 'malformed' && faults.has('malformed-json-500')) sendJson(res, 500, { error: 'Unexpected token' });
      else sendJson(res, body.reason === 'too-large' ? 413 : 400, { error: `request body is ${body.reason === 'malformed' ? 'not valid JSON' : 'too large'}` });
      return undefined;
    }
    return { value: body.value };
  };

  const sync = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await bodyOf(req, res);
    if (!body) return;
    const r = parseClientRequest(body.value);
    if (!r) return sendJson(res, 400, { error: 'expected {clientId, query | event, data?, cid?}' });
    if (faults.has('event-rejected') && r.event !== undefined) return sendJson(res, 400, { error: 'query is required' });
    if (faults.has('sync-unicode-500') && /[^\x00-\x7f]/.test(r.query ?? '')) return sendJson(res, 500, { error: 'encoding error' });
    const a = botAnswer(r);
    if (a.delayMs) await new Promise((resolve) => later(a.delayMs, () => resolve(undefined)));
    const questionId = newQuestionId();
    record(r, questionId, a);
    const data = answerData(a);
    if (faults.has('sync-empty-answer')) return sendJson(res, 200, {});
    // Under chat-sync-answer-lean the request is named by its questionId alone.
    const echo = !variants.has('chat-sync-answer-lean');
    const out: Record<string, unknown> = {
      ...(echo ? { clientId: r.clientId } : {}),
      questionId,
      ...(echo && r.query !== undefined ? { query: r.query } : {}),
      ...(echo && r.event !== undefined ? { event: r.event } : {}),
      ...(echo && r.data ? { requestData: r.data } : {}),
      ...(r.cid !== undefined && !faults.has('sync-no-cid') ? { cid: r.cid } : {}),
      data,
      timestamp: localIso(now()),
      blockForm: false,
    };
    if (faults.has('custom-fields-top-level')) Object.assign(out, a.response);
    if (faults.has('sync-answer-flat')) {
      out.replies = data.replies;
      out.answer = data.answer;
      out.data = {};
    }
    sendJson(res, 200, out);
  };

  const simplified = (_req: IncomingMessage, res: ServerResponse, _p: Params, url: URL) => {
    const q = url.searchParams;
    const r = parseClientRequest({
      clientId: q.get('clientId') ?? undefined,
      query: q.get('query') ?? undefined,
      event: q.get('event') ?? undefined,
      cid: q.get('cid') ?? undefined,
    });
    if (!r) return sendJson(res, 400, { error: 'expected clientId and query or event' });
    const a = botAnswer(r);
    const questionId = newQuestionId();
    record(r, questionId, a);
    sendJson(res, 200, {
      clientId: r.clientId,
      query: faults.has('get-simplified-no-query') ? undefined : (r.query ?? null),
      ...(faults.has('get-simplified-no-event') ? {} : { event: r.event ?? null }),
      answer: a.answer,
    });
  };

  const asyncRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await bodyOf(req, res);
    if (!body) return;
    const r = parseClientRequest(body.value);
    if (!r) return sendJson(res, 400, { error: 'expected {clientId, query | event, data?, cid?}' });
    // Under the fault the async body is read as a text query only, as if its class had no event field.
    if (faults.has('async-event-rejected') && r.event !== undefined) return sendJson(res, 400, { error: 'query is required' });
    const client = clientOf(r.clientId);
    // One request at a time per client, as if the bot's session were locked while it answers.
    if (faults.has('async-busy-409') && client.inFlight > 0) return sendJson(res, 409, { error: 'a request of this client is still being processed' });
    const questionId = newQuestionId();
    const a = botAnswer(r);
    if (faults.has('async-full-answer')) sendJson(res, 200, { questionId, data: answerData(a) });
    else if (faults.has('async-id-mismatch')) sendJson(res, 200, { questionId: randomUUID() });
    else sendJson(res, 200, variants.has('chat-async-id-named') ? { messageId: questionId } : { questionId });
    const finish = () => {
      client.inFlight -= 1;
      record(r, questionId, a);
      deliver(webhookItem(r, questionId, faults.has('webhook-data-minimal') ? { replies: a.replies, answer: a.answer } : answerData(a)));
    };
    client.inFlight += 1;
    const waitMs = timings.asyncAnswerTimeoutMs;
    if (a.delayMs > waitMs && !faults.has('no-timeout-event')) {
      // seed 000: an event goes to the webhook when the wait between answers is exceeded.
      const late = faults.has('timeout-event-late') ? TIMEOUT_SWEEP_WAITS * waitMs : variants.has('chat-timeout-late-within') ? 300 : 0;
      later(faults.has('timeout-event-early') ? 0 : waitMs + late, () => deliver(webhookItem(r, questionId, { event: 'timeout', replies: [], answer: '' })));
    }
    const answerLater = () =>
      new Promise<void>((resolve) =>
        later(a.delayMs, () => {
          finish();
          resolve();
        }),
      );
    // Under chat-async-queued a client's requests are answered one after another.
    if (variants.has('chat-async-queued')) client.queue = client.queue.then(answerLater);
    else void answerLater();
  };

  const parseTs = (raw: string | null): number | undefined | null => {
    if (raw === null) return undefined;
    if (/^\d+$/.test(raw)) return Number(raw);
    const t = Date.parse(raw);
    return Number.isNaN(t) ? null : t;
  };

  const events = async (req: IncomingMessage, res: ServerResponse, _p: Params, url: URL) => {
    const q = url.searchParams;
    const clientId = q.get('clientId');
    if (!clientId) return sendJson(res, 400, { error: 'clientId is required' });
    const ts = parseTs(q.get('ts'));
    if (ts === null) return sendJson(res, 400, { error: 'ts is not a time' });
    const all = q.get('all') === 'true' || faults.has('events-all-ignored');
    const cid = q.get('cid') ?? undefined;
    const c = clientOf(clientId);
    const cursorKey = cid ?? '';
    // Under the fault, a poll after the first sees only what arrives while it is open (a pub/sub with no buffer).
    const sinceSeq = faults.has('events-between-polls-lost') && c.cursors.has(cursorKey) ? seq : (c.cursors.get(cursorKey) ?? 0);
    const limit = faults.has('events-limit') ? 300 : faults.has('events-limit-off-by-one') ? MAX_EVENTS_PER_RESPONSE + 1 : MAX_EVENTS_PER_RESPONSE;

    const matching = () =>
      c.events.filter(
        (e) =>
          // Under the faults, all=true reads the bot's log, which holds no agent reply; the default filters by a type no reply carries.
          (all
            ? !(e.type === 'agentResponse' && faults.has('events-all-without-agent'))
            : e.type === 'agentResponse' && !faults.has('events-default-no-agent')) &&
          (cid === undefined || faults.has('events-cid-ignored') || e.cid === cid) &&
          (ts === undefined || faults.has('events-ts-ignored') ? true : e.at >= ts) &&
          (ts !== undefined || faults.has('events-cursor-ignored') || e.seq > sinceSeq),
      );

    let found = matching();
    if (found.length === 0 && !faults.has('events-no-block')) {
      // Long polling: wait for the next matching event, bounded by the block time.
      await new Promise<void>((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          c.wake.delete(onEvent);
          resolve();
        };
        const onEvent = () => {
          if (matching().length) finish();
        };
        const timer = setTimeout(finish, faults.has('events-block-short') ? 100 : timings.longPollBlockMs);
        c.wake.add(onEvent);
        req.on('close', finish);
      });
      found = matching();
    }
    const page = found.slice(0, limit);
    if (page.length) c.cursors.set(cursorKey, page[page.length - 1].seq);
    const list = page.map((e) => ({ type: e.type, event: e.body }));
    sendJson(res, 200, faults.has('events-shape') ? { items: list } : { events: list });
  };

  const history = (_req: IncomingMessage, res: ServerResponse, p: Params, url: URL) => {
    const from = parseTs(url.searchParams.get('from'));
    const to = parseTs(url.searchParams.get('to'));
    if (from === null || to === null) return sendJson(res, 400, { error: 'from/to are not times' });
    const c = clients.get(p.clientId);
    let entries = c?.history ?? [];
    if (!faults.has('history-period-ignored')) {
      entries = entries.filter((h) => (from === undefined || h.at >= from) && (to === undefined || h.at <= to));
    }
    if (faults.has('history-last-only')) entries = entries.slice(-1);
    // How a message names its id: its questionId (named `id` under chat-history-id-named), or under the fault its row in the store.
    let row = 0;
    const idOf = (questionId: string) =>
      faults.has('history-own-ids') ? { id: ++row } : variants.has('chat-history-id-named') ? { id: questionId } : { questionId };
    const messages = entries.flatMap((h) => [
      ...(h.request ? [{ ...idOf(h.questionId), type: 'request', text: h.request.query, event: h.request.event, timestamp: localIso(h.at) }] : []),
      ...(faults.has('history-requests-only') ? [] : h.replies).map((reply) => ({
        ...idOf(h.questionId),
        type: h.from === 'agent' ? 'operatorResponse' : 'response',
        text: reply.text,
        ...(h.from === 'agent' ? (h.operator ? { operator: h.operator } : {}) : { status: c?.statuses.get(h.questionId) }),
        timestamp: localIso(h.at),
      })),
    ]);
    // Under the fault, only the last 250 messages, as if one page were the whole history.
    const kept = faults.has('history-capped') ? messages.slice(-MAX_EVENTS_PER_RESPONSE) : messages;
    sendJson(res, 200, variants.has('chat-bare-values') ? kept : { clientId: p.clientId, messages: kept });
  };

  const saveState = async (req: IncomingMessage, res: ServerResponse, p: Params) => {
    const body = await bodyOf(req, res);
    if (!body) return;
    // seed 000: "Его содержимое не проверяется" — stored as sent.
    let value = body.value;
    if (faults.has('state-drops-nested') && isObject(value)) {
      value = Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v !== 'object' || v === null));
    }
    const client = clientOf(p.clientId);
    client.state = faults.has('state-merged') && isObject(client.state) && isObject(value) ? { ...client.state, ...value } : value;
    // «Изменение состояния виджета на другой странице»: every page of the client learns of it.
    if (!faults.has('events-no-state-changes'))
      pushEvent(p.clientId, { type: 'stateChange', body: { clientId: p.clientId, state: client.state, timestamp: localIso(now()) } });
    sendJson(res, 200, { ok: true });
  };

  // "вернет ранее переданный объект": returned as is, whatever the answer variants.
  const loadState = (_req: IncomingMessage, res: ServerResponse, p: Params) => sendJson(res, 200, clients.get(p.clientId)?.state ?? {}, { verbatim: true });

  const knownMessage = (p: Params) => clients.get(p.clientId)?.statuses.has(p.questionId) ?? false;

  const getStatus = (_req: IncomingMessage, res: ServerResponse, p: Params) => {
    if (faults.has('status-get-500')) return sendJson(res, 500, { error: 'status service unavailable' });
    if (!knownMessage(p)) {
      if (faults.has('unknown-message-200')) return sendJson(res, 200, { questionId: p.questionId, status: 'SENT' });
      return sendJson(res, 404, { error: 'unknown message' });
    }
    const status = clients.get(p.clientId)!.statuses.get(p.questionId);
    sendJson(res, 200, variants.has('chat-bare-values') ? { message: { id: p.questionId, status: { value: status } } } : { questionId: p.questionId, status });
  };

  /** Checks one status value; answers the error itself and returns false when it is not valid. */
  const validStatus = (res: ServerResponse, value: unknown): value is MessageStatus => {
    if (faults.has('status-backward-refused') && (value === 'SENT' || value === 'NOT_SENT')) {
      sendJson(res, 400, { error: `a message cannot go back to ${String(value)}` });
      return false;
    }
    if (STATUSES.includes(value as (typeof STATUSES)[number]) || faults.has('status-accepts-unknown')) return true;
    // The fault: a status is looked up upper-cased (valueOf(value.toUpperCase())), so "read" passes.
    if (faults.has('status-case-insensitive') && typeof value === 'string' && STATUSES.includes(value.toUpperCase() as (typeof STATUSES)[number])) return true;
    if (faults.has('status-unknown-500')) sendJson(res, 500, { error: 'No enum constant' });
    else sendJson(res, 400, { error: `status must be one of ${STATUSES.join(', ')}` });
    return false;
  };

  const setStatus = async (req: IncomingMessage, res: ServerResponse, p: Params) => {
    if (faults.has('malformed-status-no-change') && knownMessage(p)) {
      // A body that does not parse, for a known message, read as "no change".
      const raw = await readJson(req);
      if (!raw.ok) return sendJson(res, 200, { questionId: p.questionId, status: clients.get(p.clientId)!.statuses.get(p.questionId) });
      return applyStatus(res, p, raw.value);
    }
    const body = await bodyOf(req, res);
    if (body) applyStatus(res, p, body.value);
  };

  const applyStatus = (res: ServerResponse, p: Params, value: unknown) => {
    const status = isObject(value) ? value.status : undefined;
    if (!validStatus(res, status)) return;
    if (!knownMessage(p)) {
      if (faults.has('unknown-message-200')) return sendJson(res, 200, { questionId: p.questionId, status });
      return sendJson(res, 404, { error: 'unknown message' });
    }
    if (!faults.has('status-not-updated')) clients.get(p.clientId)!.statuses.set(p.questionId, status);
    sendJson(res, 200, { questionId: p.questionId, status });
  };

  const setStatuses = async (req: IncomingMessage, res: ServerResponse, p: Params) => {
    const body = await bodyOf(req, res);
    if (!body) return;
    const list = isObject(body.value) ? body.value.statuses : undefined;
    if (!Array.isArray(list) || !list.every(isObject)) return sendJson(res, 400, { error: 'statuses must be an array of objects' });
    // Under chat-status-item-named an item names its message `messageId`.
    const idField = variants.has('chat-status-item-named') ? 'messageId' : 'questionId';
    for (const item of list) {
      if (typeof item[idField] !== 'string') return sendJson(res, 400, { error: `each status needs a ${idField}` });
      if (!validStatus(res, item.status)) return;
      if (!knownMessage({ ...p, questionId: item[idField] })) return sendJson(res, 404, { error: `unknown message ${item[idField]}` });
    }
    if (!faults.has('statuses-ignored')) {
      // Under the fault, only the first item is applied (a loop that returns early).
      for (const item of faults.has('statuses-first-only') ? list.slice(0, 1) : list)
        clients.get(p.clientId)!.statuses.set(item[idField] as string, item.status as MessageStatus);
    }
    sendJson(res, 200, { updated: list.length });
  };

  const notReadCount = (_req: IncomingMessage, res: ServerResponse, p: Params) => {
    const c = clients.get(p.clientId);
    const unread = c ? [...c.statuses.values()].filter((s) => s === 'SENT' || s === 'DELIVERED' || s === OWN_INITIAL_STATUS).length : 0;
    const count = faults.has('not-read-count-stale') ? (c?.statuses.size ?? 0) : unread + (faults.has('not-read-count-off-by-one') && unread === 0 ? 1 : 0);
    sendJson(res, 200, variants.has('chat-bare-values') ? count : { count });
  };

  const seg = '([^/]+)';
  const routes: Route[] = [
    { method: 'POST', pattern: /^$/, handle: sync },
    { method: 'GET', pattern: /^$/, handle: simplified },
    { method: 'POST', pattern: /^\/async$/, handle: asyncRequest },
    { method: 'GET', pattern: /^\/events$/, handle: events },
    { method: 'GET', pattern: new RegExp(`^/client/${seg}/history$`), handle: history },
    { method: 'POST', pattern: new RegExp(`^/client/${seg}/state$`), handle: saveState },
    { method: 'GET', pattern: new RegExp(`^/client/${seg}/state$`), handle: loadState },
    { method: 'GET', pattern: new RegExp(`^/client/${seg}/message/${seg}/status$`), handle: getStatus },
    { method: 'POST', pattern: new RegExp(`^/client/${seg}/message/${seg}/status$`), handle: setStatus },
    { method: 'POST', pattern: new RegExp(`^/client/${seg}/message-statuses$`), handle: setStatuses },
    { method: 'GET', pattern: new RegExp(`^/client/${seg}/message-not-read-count$`), handle: notReadCount },
  ];

  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://reference');
    const m = /^\/chatapi\/([^/]+)(.*)$/.exec(url.pathname);
    if (!m) return sendJson(res, 404, { error: 'not found' });
    const rest = m[2].replace(/\/$/, '');
    // Under the fault, a known client's requests skip the channel lookup (a session cache keyed by clientId).
    const claimed = /^\/client\/([^/]+)/.exec(rest)?.[1] ?? url.searchParams.get('clientId');
    const cached = faults.has('token-checked-for-new-clients') && claimed !== null && clients.has(decodeURIComponent(claimed));
    if (decodeURIComponent(m[1]) !== token && !faults.has('token-not-checked') && !cached) {
      // Drain the body so the client sees the answer rather than a reset.
      req.resume();
      if (faults.has('unknown-token-500')) return sendJson(res, 500, { error: "Cannot read properties of undefined (reading 'channel')" });
      return sendJson(res, 401, { error: 'unknown channel token' });
    }
    const candidates = routes.filter((r) => r.pattern.test(rest));
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      req.resume();
      return sendJson(res, candidates.length ? 405 : 404, { error: candidates.length ? 'method not allowed' : 'not found' });
    }
    const groups = route.pattern.exec(rest)!.slice(1).map(decodeURIComponent);
    const params: Params = { clientId: groups[0] ?? '', questionId: groups[1] ?? '' };
    await route.handle(req, res, params, url);
  };

  const server = await serve(handler, variants);
  return {
    url: server.url,
    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      for (const c of clients.values()) for (const wake of [...c.wake]) wake();
      await server.close();
    },
  };
}
