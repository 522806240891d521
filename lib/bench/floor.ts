// The floor of a run: the waits that the documents and the target's declared timings make
// unavoidable, whatever the harness's speed. Each is a wait on an event that a correct target
// makes happen only after some time (or never): the harness cannot tell "it will not come" from
// "not yet" before the declared bound. Waits within one test are a chain (one after another); an
// API's waiting tests run on W workers of their own (lib/workerShare.ts), so no schedule ends
// before max(longest chain, each API's waits / W).
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
  /** Workers waiting, per API. */
  workers: number;
  longestChainMs: number;
  totalWaitMs: number;
  /** The most waiting of one API: the sum of its chains. */
  mostOfOneApiMs: number;
  /** max(longest chain, the most of one API / workers). */
  floorMs: number;
}

export function floorOf(chains: WaitChain[], workers: number): Floor {
  const byApi = new Map<string, number>();
  for (const c of chains) byApi.set(c.api, (byApi.get(c.api) ?? 0) + chainMs(c));
  const longestChainMs = Math.max(0, ...chains.map(chainMs));
  const mostOfOneApiMs = Math.max(0, ...byApi.values());
  const totalWaitMs = [...byApi.values()].reduce((a, b) => a + b, 0);
  return { workers, longestChainMs, totalWaitMs, mostOfOneApiMs, floorMs: Math.max(longestChainMs, mostOfOneApiMs / workers) };
}
