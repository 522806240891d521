// The waits a correct Chat API target makes unavoidable (npm run bench's floor): each is a wait on
// an event a correct target makes happen only after some time, or never, so the harness cannot
// tell "it will not come" from "not yet" before the declared bound. They follow the observations of
// waits.spec.ts (retries, the timeout event, the slow answer among concurrent requests, long polls,
// the ts gap), which one test makes at once.
import type { HeadStart, MandatedWait, WaitChain } from '../../lib/adapter.ts';
import type { ApiName } from '../../lib/requirements.ts';
import { newClientId, operationRequest } from './chatPaths.ts';
import type { ChatApiTarget } from './target.ts';

/** A Date header names the second: what the harness knows of the target's clock is that coarse. */
const DATE_RESOLUTION_MS = 1000;

/** bot.slowQuery is answered at least this long after asyncAnswerTimeoutMs (the target file's promise). */
const SLOW_ANSWER_MARGIN_MS = 2000;

/** The timeout event's ruler goes once this many waits have passed since the slow request was accepted: the event was due two whole waits before. */
export const TIMEOUT_RULER_WAITS = 3;

/** The test that observes every wait below at once, and the waits on the target that no document bounds (waits.spec.ts). */
export const WAITS_TEST =
  "the waits on the target's time, observed at once: retries, the timeout event, requests sent without waiting, long polls, an agent's reply";

/**
 * The longest chain's first request: bot.slowQuery, sent asynchronously from a client of its own.
 * The runner sends it as soon as the run's tests are known (lib/headStart.ts), and the waits test
 * takes it over: the ruler goes three waits after its answer, whichever process sent it.
 */
export const SLOW_REQUEST: HeadStart<ChatApiTarget> = {
  name: 'timeout-event',
  test: WAITS_TEST,
  requirements: ['async.timeout-event', 'async.timeout-event-due'],
  request(target) {
    const query = target.bot.slowQuery;
    if (!query || !target.webhook) return undefined;
    const clientId = newClientId();
    return { spec: operationRequest(target, 'sendAsync', { clientId, query }), context: { clientId } };
  },
};

/** Every requirement a chain below may wait on (the adapter's waitingRequirements). */
export const CHAT_WAITING_REQUIREMENTS = [
  'async.webhook-retry',
  'async.timeout-event-due',
  'async.concurrent-requests',
  'events.long-poll-blocks',
  'events.all-default-agent-only',
  'events.ts-filter',
] as const;

/** What decides a Chat API profile's waits: its declared timings, bot and requirements. */
export interface ChatProfile {
  api: ApiName;
  section: Pick<ChatApiTarget, 'timing' | 'bot' | 'webhook'>;
  /** True when the profile's document states the requirement (aimylogic-chat has no retries, no long polling). */
  states: (key: string) => boolean;
  /** How long the target holds a poll with nothing to return (the reference's configured block). */
  targetPollBlockMs: number;
}

/** The waits of one Chat API profile's suite against a target that behaves correctly. */
export function chatApiWaitChains(p: ChatProfile): WaitChain[] {
  const { timing, bot, webhook } = p.section;
  const chains: WaitChain[] = [];
  const chain = (waits: (MandatedWait & { requirement: (typeof CHAT_WAITING_REQUIREMENTS)[number] })[]) => chains.push({ api: p.api, test: WAITS_TEST, waits });
  // A poll with nothing to return: the harness holds it for longPollMinBlockMs, unless the target lets go sooner.
  const blockedPoll = Math.min(timing.longPollMinBlockMs, p.targetPollBlockMs);
  if (webhook && p.states('async.webhook-retry')) {
    const window = timing.webhookRetryWindowMs;
    // Its three deliveries are observed at once: one window passes with no attempt beyond the due ones.
    chain([
      {
        requirement: 'async.webhook-retry',
        what: 'the window passes with no 5th, 3rd or 2nd attempt (every one fails, the 2nd succeeds, the 1st does)',
        ms: window,
      },
    ]);
  }
  if (webhook && bot.slowQuery && p.states('async.timeout-event-due')) {
    // The first delivery, due once asyncAnswerTimeoutMs has passed, comes while the ruler waits.
    chain([
      {
        requirement: 'async.timeout-event-due',
        what: `the ruler request goes once ${TIMEOUT_RULER_WAITS} × asyncAnswerTimeoutMs have passed since the slow one was accepted`,
        ms: TIMEOUT_RULER_WAITS * timing.asyncAnswerTimeoutMs,
      },
    ]);
  }
  if (webhook && bot.slowQuery && p.states('async.concurrent-requests')) {
    chain([
      {
        requirement: 'async.concurrent-requests',
        what: "the slow query's answer is delivered too: declared at least 2 s after asyncAnswerTimeoutMs",
        ms: timing.asyncAnswerTimeoutMs + SLOW_ANSWER_MARGIN_MS,
      },
    ]);
  }
  if (p.states('events.long-poll-blocks')) {
    chain([{ requirement: 'events.long-poll-blocks', what: 'a poll with no matching event stays open', ms: timing.longPollMinBlockMs }]);
  }
  if (p.states('events.all-default-agent-only')) {
    chain([{ requirement: 'events.all-default-agent-only', what: 'no agent replied: the poll blocks until the harness lets go', ms: blockedPoll }]);
  }
  if (p.states('events.ts-filter')) {
    // The target's clock is known to the second from its Date headers: the instant sent lies past the
    // first request in its time, and the second request waits until its clock has surely passed it.
    chain([
      {
        requirement: 'events.ts-filter',
        what: "the target's clock surely past the filtering instant: the Date header's second, and clockToleranceMs on each side",
        ms: DATE_RESOLUTION_MS + 2 * timing.clockToleranceMs,
      },
    ]);
  }
  return chains;
}
