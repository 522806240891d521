// The target's clock, as far as its answers show it — never assumed to be ours. Every answer's
// Date header (RFC 9110: an origin server with a clock sends one) was stamped by the target at
// some instant between our send and our receipt, with second resolution; so each exchange bounds
// the offset between the two clocks (Cristian's algorithm), and the bounds of all exchanges are
// intersected. Where an API's answers also carry the application's own time of the answer (the
// Chat API's `timestamp`), those stamps bound the application's clock the same way: a deployment's
// Date header may come from a front proxy on another clock than the application that stamps,
// filters and keeps its history. Instants the harness sends to the target (ts, history periods)
// are then chosen so that they hold whatever the true offset within the bounds of either clock.

export interface OffsetBounds {
  /** The target's clock is at least this far ahead of ours (ms; negative: behind). */
  low: number;
  /** ... and at most this far. */
  high: number;
}

/** The bounds of the application's clock from its stamps, and the zone read into stamps that name none. */
export interface StampBounds extends OffsetBounds {
  /** Stamps named no zone: they were read in this one (ms east of UTC), the quarter-hour nearest the Date header's clock. */
  zoneMs?: number;
}

/** Zones are whole quarter-hours from UTC: a zone-less stamp is read in the one nearest the Date header's clock. */
const ZONE_STEP_MS = 15 * 60_000;

/** An ISO 8601 date-time, with or without a zone: its local part, fraction digits and zone. */
const ISO_STAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** What a stamp says: the instant (read as UTC when it names no zone), how coarse, and whether it names a zone. */
export function parseStamp(stamp: string): { at: number; resolutionMs: number; zoned: boolean } | undefined {
  const m = ISO_STAMP.exec(stamp.trim());
  if (!m) return undefined;
  const [, minute, seconds, fraction, zone] = m;
  const ms = (fraction ?? '').slice(0, 3).padEnd(3, '0');
  const at = Date.parse(`${minute}:${seconds ?? '00'}.${ms}${zone ? zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2') : 'Z'}`);
  if (Number.isNaN(at)) return undefined;
  const resolutionMs = seconds === undefined ? 60_000 : fraction === undefined ? 1000 : 10 ** Math.max(0, 3 - fraction.length);
  return { at, resolutionMs, zoned: zone !== undefined };
}

/**
 * The bounds of one exchange, stamped at `stamped` of the target's clock to `resolutionMs`: its
 * time at the stamp lay in [stamped, stamped + resolution), ours in [sentAt, answeredAt].
 */
const boundsOf = (sentAt: number, answeredAt: number, stamped: number, resolutionMs: number): OffsetBounds => ({
  low: stamped - answeredAt,
  high: stamped + resolutionMs - sentAt,
});

/** The bounds so far narrowed by one exchange's; bounds that contradict them (the clock was set meanwhile) start again. */
function narrowed(so: OffsetBounds | undefined, seen: OffsetBounds): OffsetBounds {
  const merged = so ? { low: Math.max(so.low, seen.low), high: Math.min(so.high, seen.high) } : seen;
  return merged.low <= merged.high ? merged : seen;
}

const mid = (o: OffsetBounds) => (o.low + o.high) / 2;

export class ServerClock {
  private byDate: OffsetBounds | undefined;
  private byStamps: StampBounds | undefined;
  private declared: OffsetBounds | undefined;

  /** The offset the target file declares (± its tolerance): used only while no Date header has shown one. */
  declare(bounds: OffsetBounds): void {
    this.declared = bounds;
  }

  /** One exchange: sent at `sentAt`, answered at `answeredAt` (our epoch ms), with its Date header. */
  observe(sentAt: number, answeredAt: number, date: string | undefined): void {
    const stamped = date ? Date.parse(date) : NaN;
    if (Number.isNaN(stamped)) return;
    this.byDate = narrowed(this.byDate, boundsOf(sentAt, answeredAt, stamped, 1000));
  }

  /**
   * One exchange whose answer carries the application's own time of it (an ISO 8601 stamp). A stamp
   * with no zone is read in the zone nearest the Date header's clock (or the declared one, or ours):
   * it tells the application's clock to within seven and a half minutes of that one, and no further.
   */
  observeStamp(sentAt: number, answeredAt: number, stamp: string): void {
    const parsed = parseStamp(stamp);
    if (!parsed) return;
    const seen = boundsOf(sentAt, answeredAt, parsed.at, parsed.resolutionMs);
    const zoneMs = parsed.zoned ? undefined : Math.round((mid(seen) - mid(this.dateOffset() ?? { low: 0, high: 0 })) / ZONE_STEP_MS) * ZONE_STEP_MS || 0;
    const bounds = narrowed(this.byStamps, zoneMs ? { low: seen.low - zoneMs, high: seen.high - zoneMs } : seen);
    this.byStamps = zoneMs ? { ...bounds, zoneMs } : { low: bounds.low, high: bounds.high };
  }

  /** The bounds of the clock behind the Date header, or the declared ones; undefined when neither is known. */
  dateOffset(): OffsetBounds | undefined {
    return this.byDate ?? this.declared;
  }

  /** The bounds of the application's clock from its stamps; undefined when no answer carried one. */
  stampOffset(): StampBounds | undefined {
    return this.byStamps;
  }

  /**
   * The bounds instants sent are placed by: those of both clocks at once, so that a correct server
   * passes whichever of them it filters by; undefined when neither is known.
   */
  offset(): OffsetBounds | undefined {
    const [date, stamps] = [this.dateOffset(), this.byStamps];
    if (!date || !stamps) return date ?? (stamps && { low: stamps.low, high: stamps.high });
    return { low: Math.min(date.low, stamps.low), high: Math.max(date.high, stamps.high) };
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

/**
 * How far apart two clocks' bounds are (ms: positive when the second is ahead) when they cannot be
 * one clock — no offset lies within both; undefined when they may be.
 */
export function clocksApart(date: OffsetBounds | undefined, stamps: OffsetBounds | undefined): number | undefined {
  if (!date || !stamps || (stamps.low <= date.high && date.low <= stamps.high)) return undefined;
  return mid(stamps) - mid(date);
}

/** A short text of the bounds for reports: "+2.3 s ± 0.5 s". */
export function describeOffset(o: OffsetBounds | undefined): string {
  if (!o) return 'unknown (no Date header)';
  const half = (o.high - o.low) / 2;
  return `${seconds(mid(o))} ± ${(half / 1000).toFixed(1)} s`;
}

/** A signed number of seconds: "+2.3 s", "−0.4 s". */
const seconds = (ms: number) => `${ms >= 0 ? '+' : '−'}${(Math.abs(ms) / 1000).toFixed(1)} s`;

/** A zone's name: "UTC+03:00". */
export const zoneName = (ms: number) => {
  const minutes = Math.abs(ms) / 60_000;
  return `UTC${ms >= 0 ? '+' : '−'}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};
