// The Chat API reference's times: the application's clock, the timestamps it writes (ISO 8601
// without a zone) and the times it reads from the ts, from and to parameters.
import { clockOf } from '../variants.ts';

/** The application's clock: the machine's (or skewed under the clock variants), `apartMs` ahead of the clock of its Date header. */
export function applicationClock(variants: ReadonlySet<string>, apartMs: number): () => number {
  const dateClock = clockOf(variants);
  return () => dateClock() + apartMs;
}

export const localIso = (ms: number) => new Date(ms).toISOString().replace('Z', '');

/** Epoch milliseconds or a date: undefined when the parameter is absent, null when it is not a time. */
export function parseTs(raw: string | null): number | undefined | null {
  if (raw === null) return undefined;
  if (/^\d+$/.test(raw)) return Number(raw);
  const t = Date.parse(raw);
  return Number.isNaN(t) ? null : t;
}
