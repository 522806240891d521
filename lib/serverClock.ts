// The target's clock, as far as its answers show it — never assumed to be ours. Every answer's
// Date header (RFC 9110: an origin server with a clock sends one) was stamped by the target at
// some instant between our send and our receipt, with second resolution; so each exchange bounds
// the offset between the two clocks (Cristian's algorithm), and the bounds of all exchanges are
// intersected. Instants the harness sends to the target (ts, history periods) are then chosen so
// that they hold whatever the true offset within the bounds.

export interface OffsetBounds {
  /** The target's clock is at least this far ahead of ours (ms; negative: behind). */
  low: number;
  /** ... and at most this far. */
  high: number;
}

export class ServerClock {
  private bounds: OffsetBounds | undefined;
  private declared: OffsetBounds | undefined;

  /** The offset the target file declares (± its tolerance): used only while no Date header has shown one. */
  declare(bounds: OffsetBounds): void {
    this.declared = bounds;
  }

  /** One exchange: sent at `sentAt`, answered at `answeredAt` (our epoch ms), with its Date header. */
  observe(sentAt: number, answeredAt: number, date: string | undefined): void {
    const stamped = date ? Date.parse(date) : NaN;
    if (Number.isNaN(stamped)) return;
    // The target's time at the stamp lay in [stamped, stamped + 1 s), our time in [sentAt, answeredAt].
    const seen = { low: stamped - answeredAt, high: stamped + 1000 - sentAt };
    const merged = this.bounds ? { low: Math.max(this.bounds.low, seen.low), high: Math.min(this.bounds.high, seen.high) } : seen;
    // Bounds that contradict each other: the target's clock was set meanwhile; start again from what it says now.
    this.bounds = merged.low <= merged.high ? merged : seen;
  }

  /** The bounds measured from answers, or the declared ones; undefined when neither is known. */
  offset(): OffsetBounds | undefined {
    return this.bounds ?? this.declared;
  }

  /** The earliest the target's clock can read at our instant `local`. */
  earliest(local: number): number | undefined {
    const o = this.offset();
    return o && local + o.low;
  }

  /** The latest the target's clock can read at our instant `local`. */
  latest(local: number): number | undefined {
    const o = this.offset();
    return o && local + o.high;
  }
}

/** A short text of the bounds for reports: "+2.3 s ± 0.5 s". */
export function describeOffset(o: OffsetBounds | undefined): string {
  if (!o) return 'unknown (no Date header)';
  const mid = (o.low + o.high) / 2;
  const half = (o.high - o.low) / 2;
  return `${mid >= 0 ? '+' : '−'}${(Math.abs(mid) / 1000).toFixed(1)} s ± ${(half / 1000).toFixed(1)} s`;
}
