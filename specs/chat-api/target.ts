// The Chat API's target-file section (schemas/chat-api.target.json) and its defaults.
import type { Section } from '../../lib/adapter.ts';
import { TargetError } from '../../lib/target.ts';

export interface ChatApiTarget extends Section {
  baseUrl: string;
  token: string;
  webhook?: { listen: string };
  paths: { stateSave: string; stateLoad: string; historyPeriodQuery: string };
  events: { tsFormat: 'epoch-ms' | 'iso' };
  timing: {
    longPollMinBlockMs: number;
    longPollMaxMs: number;
    webhookRetryWindowMs: number;
    asyncAnswerTimeoutMs: number;
    clockToleranceMs: number;
    clockOffsetMs?: number;
  };
  bot: { event?: string; customField?: { query: string; field: string; value: unknown }; slowQuery?: string; operatorQuery?: string };
  /** The fields of a `statuses` item of the bulk status update, when the target declares them. */
  statusItem?: StatusItemShape;
  /** The paths the target file gave (the others are the harness's guesses: no public document gives them). */
  declaredPaths: string[];
}

/** Which field of a bulk status item holds the message's id, and which its new status. */
export interface StatusItemShape {
  id: string;
  status: string;
}

/** Defaults for what the seeds give (the 3 s async wait) or leave to the target (paths not public). */
export const CHAT_API_DEFAULTS = {
  paths: {
    // Not public (EVIDENCE.md): clearly named harness defaults, overridable per target.
    stateSave: '/chatapi/{token}/client/{clientId}/state',
    stateLoad: '/chatapi/{token}/client/{clientId}/state',
    historyPeriodQuery: 'from={from}&to={to}',
  },
  // The document names only «поле statuses — массив JSON-объектов»: the item fields are the harness's reading.
  statusItem: { id: 'questionId', status: 'status' } satisfies StatusItemShape,
  events: { tsFormat: 'epoch-ms' as const },
  timing: {
    longPollMinBlockMs: 1000,
    longPollMaxMs: 30000,
    webhookRetryWindowMs: 60000,
    // seed 000: "Время ожидания между ответами при асинхронных запросах составляет три секунды."
    asyncAnswerTimeoutMs: 3000,
    // NTP keeps clocks within milliseconds; a quarter second leaves room for the request itself.
    clockToleranceMs: 250,
  },
};

export function withChatDefaults(section: Section): ChatApiTarget {
  const raw = section as Partial<ChatApiTarget> & Section;
  return {
    ...raw,
    token: String(raw.token),
    paths: { ...CHAT_API_DEFAULTS.paths, ...raw.paths },
    events: { ...CHAT_API_DEFAULTS.events, ...raw.events },
    timing: { ...CHAT_API_DEFAULTS.timing, ...raw.timing },
    bot: { ...raw.bot },
    declaredPaths: Object.keys(raw.paths ?? {}),
  };
}

/**
 * A section with its defaults, refused when its timing contradicts itself: a poll cannot be held
 * longer than it may last (a minimum block over the maximum, declared or by default), and every
 * long-poll check would then fail a server that keeps either bound. Throws TargetError naming the field.
 */
export function resolveChatSection(profile: string, section: Section): ChatApiTarget {
  const target = withChatDefaults(section);
  const { longPollMinBlockMs: min, longPollMaxMs: max } = target.timing;
  if (min > max) {
    const declared = (section as Partial<ChatApiTarget>).timing?.longPollMaxMs !== undefined;
    throw new TargetError(
      `apis.${profile}.timing.longPollMinBlockMs: ${min} ms is more than timing.longPollMaxMs (${max} ms${declared ? '' : ', the default'}): a poll cannot be held longer than it may last`,
    );
  }
  return target;
}
