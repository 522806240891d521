// One Chat API deployment's state, in memory: its clients (their events, history, message statuses
// and chat-app state), the clock it stamps them by, and the timers of what it does later (slow
// answers, webhook retries, agents' replies), cancelled when it closes. The methods' handlers
// (sync.ts, async.ts, events.ts, history.ts, state.ts, status.ts) share it.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BotReply } from './bot.ts';
import { applicationClock } from './clock.ts';

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
/** Under chat-status-extra: the server's own status of a new message. */
export const OWN_INITIAL_STATUS = 'NOT_DELIVERED';
/** A documented status, or (under chat-status-extra) the server's own status of a new message. */
export type MessageStatus = (typeof STATUSES)[number] | typeof OWN_INITIAL_STATUS;

export interface ChatEvent {
  seq: number;
  at: number;
  type: 'clientRequest' | 'botResponse' | 'agentResponse' | 'stateChange';
  cid?: string;
  body: Record<string, unknown>;
}

export interface HistoryEntry {
  questionId: string;
  at: number;
  /** The client's request; an agent's reply answers none of its own. */
  request?: { query?: string; event?: string };
  replies: BotReply[];
  /** Who answered; an agent's reply names the agent unless chat-agent-anonymous leaves it out. */
  from: 'bot' | 'agent';
  operator?: Record<string, unknown>;
}

export interface Client {
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

/** The clientId and questionId a route's path names ('' where it names none). */
export interface Params {
  clientId: string;
  questionId: string;
}

/** What a method's handler answers: the request, its path's parameters and its URL. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  params: Params;
  url: URL;
}

export type MethodHandler = (app: ChatApp, exchange: Exchange) => Promise<void> | void;

export class ChatApp {
  readonly token: string;
  readonly webhookUrl: string | undefined;
  readonly faults: ReadonlySet<string>;
  readonly variants: ReadonlySet<string>;
  readonly timings: ChatApiTimings;
  /** The application's clock: the machine's, or skewed under the clock variants, and set apart from its Date header's. */
  readonly now: () => number;
  private readonly clients = new Map<string, Client>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The number of the last event, across clients. */
  private seq = 0;
  private numericId = 100_000;
  private closed = false;

  constructor(options: ChatApiOptions) {
    this.token = options.token;
    this.webhookUrl = options.webhookUrl;
    this.faults = options.faults;
    const variants = options.variants ?? new Set<string>();
    this.variants = variants;
    this.timings = {
      ...options.timings,
      ...(variants.has('chat-long-poll-shorter') ? { longPollBlockMs: 1000 } : {}),
      ...(variants.has('chat-retry-spacing') ? { webhookRetryDelayMs: 250 } : {}),
    };
    this.now = applicationClock(variants, options.applicationClockMs ?? 0);
  }

  newQuestionId(): string {
    return this.variants.has('chat-numeric-ids') ? String(++this.numericId) : randomUUID();
  }

  /** The number of the last event any client got. */
  get lastSeq(): number {
    return this.seq;
  }

  /** A client the deployment has seen, or undefined. */
  findClient(id: string): Client | undefined {
    return this.clients.get(id);
  }

  /** The client, made on first sight. */
  clientOf(id: string): Client {
    let c = this.clients.get(id);
    if (!c) {
      c = { events: [], history: [], statuses: new Map(), state: {}, cursors: new Map(), wake: new Set(), inFlight: 0, queue: Promise.resolve() };
      this.clients.set(id, c);
    }
    return c;
  }

  /** Runs `fn` in `ms`, unless the deployment has closed by then. */
  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  /** Records an event of the client and wakes its blocked long polls. */
  pushEvent(clientId: string, event: Omit<ChatEvent, 'seq' | 'at'>): void {
    const c = this.clientOf(clientId);
    c.events.push({ ...event, seq: ++this.seq, at: this.now() });
    if (!this.faults.has('events-late')) for (const wake of [...c.wake]) wake();
  }

  /** Cancels what was to come and lets every blocked long poll return. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    for (const c of this.clients.values()) for (const wake of [...c.wake]) wake();
  }
}
