// The floor of a run: the waits that the documents and the target's declared timings make
// unavoidable, whatever the harness's speed. Each is a wait on an event that a correct target
// makes happen only after some time (or never): the harness cannot tell "it will not come" from
// "not yet" before the declared bound. Waits within one observation are a chain (one after
// another); a test's observations run at once, so a test waits its longest chain; an API's waiting
// tests run on W workers of their own (lib/workerShare.ts), so no schedule ends before
// max(longest chain, each API's tests' waits / W).
import type { WaitChain } from '../adapter.ts';

export const chainMs = (c: WaitChain) => c.waits.reduce((sum, w) => sum + w.ms, 0);

/**
 * The same waits, each a test of its own: what the documents alone make unavoidable, if the suite
 * ran every independent observation at once.
 */
export function independentChains(chains: WaitChain[]): WaitChain[] {
  return chains.flatMap((c) => c.waits.map((w) => ({ ...c, test: `${c.test} › ${w.requirement}`, waits: [w] })));
}

export interface Floor {
  /** Workers waiting, per API. */
  workers: number;
  longestChainMs: number;
  /** Every wait, one after another. */
  totalWaitMs: number;
  /** The most waiting of one API: the sum of its tests' longest chains. */
  mostOfOneApiMs: number;
  /** max(longest chain, the most of one API / workers). */
  floorMs: number;
}

export function floorOf(chains: WaitChain[], workers: number): Floor {
  const byTest = new Map<string, { api: string; ms: number }>();
  for (const c of chains) {
    const key = `${c.api}\0${c.test}`;
    byTest.set(key, { api: c.api, ms: Math.max(byTest.get(key)?.ms ?? 0, chainMs(c)) });
  }
  const byApi = new Map<string, number>();
  for (const { api, ms } of byTest.values()) byApi.set(api, (byApi.get(api) ?? 0) + ms);
  const longestChainMs = Math.max(0, ...chains.map(chainMs));
  const mostOfOneApiMs = Math.max(0, ...byApi.values());
  const totalWaitMs = chains.reduce((sum, c) => sum + chainMs(c), 0);
  return { workers, longestChainMs, totalWaitMs, mostOfOneApiMs, floorMs: Math.max(longestChainMs, mostOfOneApiMs / workers) };
}
