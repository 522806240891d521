// The floor of a run: the waits that the documents and the target's declared timings make
// unavoidable, whatever the harness's speed. Each is a wait on an event that a correct target
// makes happen only after some time (or never): the harness cannot tell "it will not come" from
// "not yet" before the declared bound. Waits within one test are a chain (one after another);
// tests run in parallel, so with W workers no schedule ends before max(longest chain, sum / W).
import type { WaitChain } from '../adapter.ts';

export const chainMs = (c: WaitChain) => c.waits.reduce((sum, w) => sum + w.ms, 0);

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
