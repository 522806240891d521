// The floor of a run: the waits that the documents and the target's declared timings make
// unavoidable, whatever the harness's speed. Each is a wait on an event that a correct target
// makes happen only after some time (or never): the harness cannot tell "it will not come" from
// "not yet" before the declared bound. Waits within one test are a chain (one after another);
// tests run in parallel, so with W workers no schedule ends before max(longest chain, sum / W).
import type { ApiName } from '../requirements.ts';
import type { ChatApiTarget } from '../target.ts';

export interface MandatedWait {
  /** The requirement whose check waits. */
  requirement: string;
  /** What is awaited, and why it cannot come sooner. */
  what: string;
  ms: number;
}

/** The waits of one test, one after another. */
export interface WaitChain {
  api: ApiName;
  test: string;
  waits: MandatedWait[];
}

/** What decides a Chat API profile's waits: its declared timings, bot and requirements. */
export interface ChatProfile {
  api: ApiName;
  section: Pick<ChatApiTarget, 'timing' | 'bot' | 'webhook'>;
  /** True when the profile's document states the requirement (aimylogic-chat has no retries, no long polling). */
  states: (key: string) => boolean;
  /** How long the target holds a poll with nothing to return (the reference's configured block). */
  targetPollBlockMs: number;
}

export const chainMs = (c: WaitChain) => c.waits.reduce((sum, w) => sum + w.ms, 0);

/** The waits of one Chat API profile's suite against a target that behaves correctly. */
export function chatApiWaitChains(p: ChatProfile): WaitChain[] {
  const { timing, bot, webhook } = p.section;
  const chains: WaitChain[] = [];
  const chain = (test: string, waits: MandatedWait[]) => chains.push({ api: p.api, test, waits });
  // A poll with nothing to return: the harness holds it for longPollMinBlockMs, unless the target lets go sooner.
  const blockedPoll = Math.min(timing.longPollMinBlockMs, p.targetPollBlockMs);
  if (webhook && p.states('async.webhook-retry')) {
    const window = timing.webhookRetryWindowMs;
    chain('a failed delivery is sent again three more times, and no more once one succeeds', [
      { requirement: 'async.webhook-retry', what: 'every attempt fails: the window passes with no 5th attempt', ms: window },
      { requirement: 'async.webhook-retry', what: 'the 2nd attempt succeeds: the window passes with no 3rd', ms: window },
      { requirement: 'async.webhook-retry', what: 'the 1st attempt succeeds: the window passes with no 2nd', ms: window },
    ]);
  }
  if (webhook && bot.slowQuery && p.states('async.timeout-event')) {
    chain('an event reaches the webhook when the wait between answers is exceeded', [
      { requirement: 'async.timeout-event', what: 'the first delivery is due once asyncAnswerTimeoutMs has passed', ms: timing.asyncAnswerTimeoutMs },
    ]);
  }
  if (p.states('events.long-poll-blocks')) {
    chain('blocks while there is no matching event', [{ requirement: 'events.long-poll-blocks', what: 'a poll with no matching event stays open', ms: timing.longPollMinBlockMs }]);
  }
  if (p.states('events.all-default-agent-only')) {
    chain('without all, only agent replies are returned', [
      { requirement: 'events.all-default-agent-only', what: 'no agent replied: the poll blocks until the harness lets go', ms: blockedPoll },
    ]);
  }
  if (p.states('events.ts-filter')) {
    chain('ts filters events by time', [{ requirement: 'events.ts-filter', what: 'clockToleranceMs on each side of the filtering instant', ms: 2 * timing.clockToleranceMs }]);
  }
  return chains;
}

/**
 * The same waits, with the observations that are independent of each other (the retry check's
 * three clients) split into chains of their own: what the documents alone make unavoidable, if the
 * suite ran every independent observation at once.
 */
export function independentChains(chains: WaitChain[]): WaitChain[] {
  return chains.flatMap((c) => c.waits.map((w) => ({ ...c, waits: [w] })));
}

export interface Floor {
  workers: number;
  longestChainMs: number;
  totalWaitMs: number;
  /** max(longest chain, total / workers). */
  floorMs: number;
}

export function floorOf(chains: WaitChain[], workers: number): Floor {
  const lengths = chains.map(chainMs);
  const longestChainMs = Math.max(0, ...lengths);
  const totalWaitMs = lengths.reduce((a, b) => a + b, 0);
  return { workers, longestChainMs, totalWaitMs, floorMs: Math.max(longestChainMs, totalWaitMs / workers) };
}
