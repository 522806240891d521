// Pacing: how hard the harness presses one API of a target, in one place for all workers (the
// secret proxy sees every request). A declared rate (requests per second) and concurrency are kept
// as given; without them the harness adapts: a 429 (or a 503 with Retry-After) is the target
// asking to slow down, not an answer, so the same request waits — Retry-After honoured, in seconds
// or as an HTTP date, else exponential back-off with full jitter — and is sent again a bounded
// number of times, while the rate for every later request is set just under what the target showed
// it allows (what it took in the second before it refused, then, once those answers are in, what it
// took in a second of its own clock in which it refused when that is lower and at least half; or
// what its RateLimit-Policy header states), or halved when it showed nothing. Only a target that
// keeps refusing past those bounds stops the harness, with a clear message.

export interface Limits {
  requestsPerSecond?: number;
  concurrency?: number;
}

export interface PacingStats {
  /** Attempts sent to the target (a retried request counts each time). */
  sent: number;
  /** Answers that asked the harness to slow down (429, or 503 with Retry-After). */
  throttled: number;
  /** Requests the harness gave up on after the bounded retries. */
  refused: number;
  /** Time requests spent waiting for their turn or their retry, summed. */
  waitedMs: number;
  declared: Limits;
  /** The rate in force at the end (requests per second; null: unlimited). */
  rate: number | null;
  /** The lowest rate used (null: never lowered). */
  lowestRate: number | null;
  /** The rate the target showed it allows (requests per second; null: it never showed one). */
  learnedRate: number | null;
}

/** Why the harness stopped waiting: the request is not the target's verdict. */
export class PacingGaveUp extends Error {}

/** How often one request is sent again after being asked to slow down, and for how long in all. */
export const MAX_RETRIES = 6;
export const MAX_WAIT_MS = 120_000;
/** The slowest the harness goes after refusals, and how fast a back-off grows without Retry-After. */
const MIN_RATE = 0.5;
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 15_000;
/** How far under the rate the target allows the harness holds, that rate estimated from our clock (its window and ours never align). */
export const HEADROOM = 0.9;
/**
 * The same, the rate counted in a second of the target's own clock: requests sent evenly still
 * reach it unevenly, yet at 0.95, 0.97 and 0.98 each Chat profile of the bench's realistic target
 * was refused once, to learn, as at 0.9. A count one too high (a held poll counted in the second
 * before: 1 profile run in 30) paces 2 % over the limit until one refusal more, whose pause costs
 * about what 0.98 saves over 0.95 in every run (1 s of 880 requests; docs/bench.md item 28).
 */
export const COUNTED_HEADROOM = 0.98;

/**
 * The rate a RateLimit-Policy header states (the IETF drafts' `25;w=1` or `"default";q=25;w=1`):
 * the quota over its window, per second. Undefined without a usable one.
 */
export function policyRate(policy: string | undefined): number | undefined {
  if (!policy) return undefined;
  const rates = policy.split(',').flatMap((item) => {
    const fields = item.split(';').map((f) => f.trim());
    const param = (name: string) => fields.find((f) => f.startsWith(`${name}=`))?.slice(name.length + 1);
    const quota = Number(param('q') ?? (/^\d+$/.test(fields[0]) ? fields[0] : NaN));
    const window = Number(param('w') ?? NaN);
    return quota > 0 && window > 0 ? [quota / window] : [];
  });
  return rates.length ? Math.min(...rates) : undefined;
}

/**
 * The wait a refusal asks for, in ms: Retry-After as seconds, or as an HTTP date taken against
 * the answer's own Date header when there is one (the target's clock, not ours). Undefined when
 * there is no usable Retry-After.
 */
export function retryAfterMs(retryAfter: string | undefined, date: string | undefined, now = Date.now()): number | undefined {
  if (!retryAfter) return undefined;
  const value = retryAfter.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  const reference = date ? Date.parse(date) : NaN;
  return Math.max(0, at - (Number.isNaN(reference) ? now : reference));
}

/** Whether an answer asks the harness to slow down rather than answers the request. */
export function isThrottle(status: number, retryAfter: string | undefined): boolean {
  return status === 429 || (status === 503 && retryAfter !== undefined);
}

/** Full jitter (the AWS architecture write-up): random(0, min(cap, base·2^attempt)). */
export function backoffMs(attempt: number, random = Math.random): number {
  return random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

/** A request waiting for its turn. */
interface Turn {
  flow: string | undefined;
  /** When it began to wait. */
  since: number;
  dispatch: () => void;
}

/** The longest a request is passed over for those of emptier flows: tests of single requests always waiting would starve a loop. */
export const MAX_PASSED_OVER_MS = 2000;

export class Pacer {
  readonly stats: PacingStats;
  private rate: number;
  /** When the next request may start (a smooth pace, shared by every caller). */
  private nextSlot = 0;
  /** Nobody starts before this: the target asked everyone to wait. */
  private pausedUntil = 0;
  private inFlight = 0;
  /** Requests waiting for their turn, oldest first. */
  private readonly queue: Turn[] = [];
  /** Each flow's requests waiting or in flight. */
  private readonly outstanding = new Map<string, number>();
  private pumpTimer: NodeJS.Timeout | undefined;
  /** When the rate last changed (it moves at most once a second). */
  private lastChange = 0;
  /** Start times of the last second's requests: the rate actually reached. */
  private readonly recent: number[] = [];
  /** Arrival times of the last second's answers that were not refusals: what the target took. */
  private readonly taken: number[] = [];
  /** Requests taken per second of the target's clock (its Date header), the last few seconds. */
  private readonly takenBySecond = new Map<number, number>();
  /**
   * Seconds of the target's clock in which it refused, each with the requests in flight at its
   * first refusal (and when that came): once all are answered, what the target took in that second
   * is counted.
   */
  private readonly fullSeconds = new Map<number, { awaited: Set<number>; refusedAt: number }>();
  /** How far under the learnt rate the harness holds: HEADROOM, or COUNTED_HEADROOM once it is a count. */
  private headroom = HEADROOM;
  /** When each request in flight was sent, by its id. */
  private readonly inFlightSince = new Map<number, number>();
  /**
   * When the requests held open and let go while no refused second awaited them were sent, those
   * sent within the last second: a refusal just after counts them.
   */
  private heldLately: number[] = [];
  private lastId = 0;
  /** The target states its rate (RateLimit-Policy): nothing is learned over it. */
  private stated = false;

  constructor(readonly declared: Limits = {}) {
    this.rate = declared.requestsPerSecond ?? Infinity;
    this.stats = { sent: 0, throttled: 0, refused: 0, waitedMs: 0, declared, rate: declared.requestsPerSecond ?? null, lowestRate: null, learnedRate: null };
  }

  /**
   * Waits for this request's turn (the pace, the concurrency and any pause a refusal asked for);
   * returns the release. `flow` names the requests of one test: a turn goes to the flow with the
   * fewest requests waiting or in flight, so a test sending one request at a time is not queued
   * behind another's loop of many (with FIFO turns at the realistic target's 25/s, a lone request
   * waited 0.7 s behind a loop's sixteen, and the tests of single requests ended the run), yet
   * no request is passed over for longer than MAX_PASSED_OVER_MS. `signal`: the caller is gone (its
   * test ended); the request leaves the queue, so that its turn goes to one still wanted.
   */
  async acquire(giveUpAt: number, flow?: string, signal?: AbortSignal): Promise<(held?: boolean) => void> {
    const started = Date.now();
    if (flow !== undefined) this.outstanding.set(flow, (this.outstanding.get(flow) ?? 0) + 1);
    try {
      await new Promise<void>((resolve, reject) => {
        // Whichever comes first (the turn, the harness's bound, the caller gone) ends the wait for the others.
        const stopWaiting = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', gone);
        };
        const turn: Turn = {
          flow,
          since: Date.now(),
          dispatch: () => {
            stopWaiting();
            resolve();
          },
        };
        // Giving up leaves the queue, so that a turn freed later goes to one still waiting.
        const leave = (why: Error) => {
          stopWaiting();
          const at = this.queue.indexOf(turn);
          if (at >= 0) this.queue.splice(at, 1);
          if (!this.queue.length) clearTimeout(this.pumpTimer);
          reject(why);
        };
        const timer = setTimeout(
          () => {
            const full = this.inFlight >= (this.declared.concurrency ?? Infinity);
            leave(
              new PacingGaveUp(
                full
                  ? `no turn within the harness's wait (${this.declared.concurrency} requests already in flight)`
                  : `the pace (${this.rate.toFixed(1)} requests/s) left no turn within the harness's wait`,
              ),
            );
          },
          Math.max(0, giveUpAt - Date.now()),
        );
        const gone = () => leave(new PacingGaveUp('the request was withdrawn before its turn'));
        if (signal?.aborted) return gone();
        signal?.addEventListener('abort', gone, { once: true });
        this.queue.push(turn);
        this.pump();
      });
    } catch (err) {
      this.settle(flow);
      throw err;
    }
    this.stats.waitedMs += Date.now() - started;
    this.stats.sent += 1;
    this.recent.push(Date.now());
    lastSecond(this.recent, Date.now());
    const id = ++this.lastId;
    this.inFlightSince.set(id, Date.now());
    let released = false;
    // `held`: the target read the request, kept it open, and the harness stopped waiting (a long
    // poll past its bound). It took it, though no answer dates it: once, in the first second it
    // refused in while the request was in flight or soon after, if it was sent within the second
    // before that refusal (a blocking poll among a loop's requests counted 24 of a 25/s window).
    return (held = false) => {
      if (released) return;
      released = true;
      this.inFlight -= 1;
      const since = this.inFlightSince.get(id) ?? 0;
      this.inFlightSince.delete(id);
      let counted = !held;
      for (const [second, full] of this.fullSeconds) {
        if (!full.awaited.delete(id) || counted) continue;
        counted = true;
        if (full.refusedAt - since < 1000) this.countTaken(second);
      }
      if (!counted) this.heldLately = sentInLastSecond([...this.heldLately, since], Date.now());
      this.settle(flow);
      // Once the caller has said whether the answer was a refusal (the proxy releases, then calls
      // throttled): the pause a refusal sets holds the turn this frees.
      queueMicrotask(() => this.pump());
    };
  }

  /** Gives the turns that are due: at the pace, within the concurrency, after any pause. */
  private pump(): void {
    clearTimeout(this.pumpTimer);
    this.pumpTimer = undefined;
    const concurrency = this.declared.concurrency ?? Infinity;
    while (this.queue.length && this.inFlight < concurrency) {
      const now = Date.now();
      const due = Math.max(this.nextSlot, this.pausedUntil);
      if (due > now) {
        this.pumpTimer = setTimeout(() => this.pump(), due - now);
        return;
      }
      const turn = this.next();
      this.queue.splice(this.queue.indexOf(turn), 1);
      // From the slot, not the clock, when it is less than a quarter of a turn past: a timer that wakes late does not slow the pace.
      if (Number.isFinite(this.rate)) this.nextSlot = (now - this.nextSlot < 250 / this.rate ? this.nextSlot : now) + 1000 / this.rate;
      this.inFlight += 1;
      turn.dispatch();
    }
  }

  /**
   * The waiting request of the flow with the fewest outstanding, the oldest among equals (one
   * without a flow counts one); the oldest of all once it has been passed over for too long.
   */
  private next(): Turn {
    if (Date.now() - this.queue[0].since > MAX_PASSED_OVER_MS) return this.queue[0];
    const load = (t: Turn) => (t.flow === undefined ? 1 : (this.outstanding.get(t.flow) ?? 1));
    return this.queue.reduce((best, t) => (load(t) < load(best) ? t : best));
  }

  private settle(flow: string | undefined): void {
    if (flow === undefined) return;
    const left = (this.outstanding.get(flow) ?? 1) - 1;
    if (left > 0) this.outstanding.set(flow, left);
    else this.outstanding.delete(flow);
  }

  /**
   * The target asked to slow down: everyone waits what it asked (or a jittered back-off), and the
   * rate for what follows is set just under what the target took in the second before (paced
   * smoothly, that is what it allows), or halved from what was reached when it took nothing —
   * once per second, since the requests already in flight are refused together. `date`: the
   * refusal's Date header. Returns this request's wait.
   */
  throttled(attempt: number, askedMs: number | undefined, date?: string): number {
    this.stats.throttled += 1;
    const now = Date.now();
    const second = secondOf(date);
    /** Requests held open, let go, and sent within the last second: taken, though neither answered nor in flight. */
    const heldLately = sentInLastSecond(this.heldLately, now).length;
    if (second !== undefined && !this.stated && !this.fullSeconds.has(second)) {
      this.fullSeconds.set(second, { awaited: new Set(this.inFlightSince.keys()), refusedAt: now });
      forgetBefore(this.fullSeconds, second - KEPT_SECONDS);
      for (let i = 0; i < heldLately; i++) this.countTaken(second);
      this.heldLately = [];
    }
    if (now - this.lastChange >= 1000 || !Number.isFinite(this.rate)) {
      // Answers lag their requests by the target's latency: those still in flight were taken in the
      // same second too (counting arrivals alone learned 17 of a 25/s limit at 150–400 ms answers).
      // Refused at a pace of our own, the target allows less than that pace, whatever the count says.
      const took = Math.min(this.rate, lastSecond(this.taken, now) + this.inFlight + heldLately);
      if (took > 0) [this.stats.learnedRate, this.headroom] = [took, HEADROOM];
      const next = took > 0 ? took * HEADROOM : Math.min(this.rate, Math.max(MIN_RATE, lastSecond(this.recent, now))) / 2;
      this.setRate(Math.max(MIN_RATE, Math.min(this.rate, next)), now);
      this.stats.lowestRate = Math.min(this.stats.lowestRate ?? Infinity, this.rate);
    }
    const wait = askedMs ?? backoffMs(attempt);
    // The wait itself is counted where it is spent: in the retry's acquire, which waits for the pause.
    this.pausedUntil = Math.max(this.pausedUntil, now + wait);
    this.learnFromFullSeconds(now);
    return wait;
  }

  /**
   * What the target took in a second of its own clock (its Date headers) in which it refused,
   * once every request in flight at its first refusal is answered. The second of ours before a
   * refusal can hold up to twice what a fixed window allows, when it spans two of the target's
   * windows (a 25/s window was learnt as 37, and four more refusals, each pausing everyone a
   * second, brought the pace down); a fixed window on the target's clock fills one of its seconds.
   * So a count between half the estimate and the estimate replaces it, held at COUNTED_HEADROOM.
   * Never a higher one: a refusal at a pace of ours says the target allows less than that pace,
   * whatever one of its seconds showed. Not one under half: the target's Date then tells when
   * it answered rather than when it took the request (a count of fast answers only), or other
   * clients share its limit (shards of one CI run); the estimate stands.
   */
  private learnFromFullSeconds(now: number): void {
    for (const [second, { awaited }] of this.fullSeconds) {
      if (awaited.size) continue;
      this.fullSeconds.delete(second);
      const took = this.takenBySecond.get(second) ?? 0;
      const estimate = this.stats.learnedRate;
      if (this.stated || estimate === null || took > estimate || took < estimate / 2) continue;
      [this.stats.learnedRate, this.headroom] = [took, COUNTED_HEADROOM];
      const pace = Math.max(MIN_RATE, this.underDeclared(took * COUNTED_HEADROOM));
      if (this.rate > pace) this.setRate(pace, now);
      this.stats.lowestRate = Math.min(this.stats.lowestRate ?? Infinity, this.rate);
    }
  }

  /** Counts a request the target took in `second` of its own clock. */
  private countTaken(second: number): void {
    this.takenBySecond.set(second, (this.takenBySecond.get(second) ?? 0) + 1);
  }

  /** A rate, never past the declared one. */
  private underDeclared(rate: number): number {
    return Math.min(this.declared.requestsPerSecond ?? Infinity, rate);
  }

  /**
   * An answer that was not a refusal, with the rate its RateLimit-Policy states if any (held to at
   * once, before any refusal) and its Date header. Each second without a refusal, a lowered rate
   * grows by a tenth (at least 1/s), never past what is declared or just under what the target
   * showed it allows.
   */
  answered(stated?: number, date?: string): void {
    const now = Date.now();
    this.taken.push(now);
    lastSecond(this.taken, now);
    const second = secondOf(date);
    if (second !== undefined) {
      this.countTaken(second);
      forgetBefore(this.takenBySecond, second - KEPT_SECONDS);
    }
    if (stated !== undefined) this.stated = true;
    this.learnFromFullSeconds(now);
    if (stated !== undefined && this.stats.learnedRate !== stated) {
      [this.stats.learnedRate, this.headroom] = [stated, HEADROOM];
      if (this.rate > stated * HEADROOM) return this.setRate(this.underDeclared(stated * HEADROOM), now);
    }
    if (!Number.isFinite(this.rate) || now - this.lastChange < 1000) return;
    const ceiling = this.underDeclared(this.stats.learnedRate === null ? Infinity : this.stats.learnedRate * this.headroom);
    if (this.rate < ceiling) this.setRate(Math.min(ceiling, this.rate + Math.max(1, this.rate / 10)), now);
  }

  private setRate(rate: number, now: number): void {
    this.rate = rate;
    this.lastChange = now;
    this.stats.rate = Number.isFinite(rate) ? rate : null;
  }

  gaveUp(): void {
    this.stats.refused += 1;
  }
}

/** How many seconds of the target's clock the counts of what it took keep. */
const KEPT_SECONDS = 10;

/** Drops the entries of seconds before `first` from a map keyed by second. */
function forgetBefore(bySecond: Map<number, unknown>, first: number): void {
  for (const s of bySecond.keys()) if (s < first) bySecond.delete(s);
}

/** The second of an HTTP date (a Date header), or undefined. */
function secondOf(date: string | undefined): number | undefined {
  const at = date ? Date.parse(date) : NaN;
  return Number.isNaN(at) ? undefined : Math.floor(at / 1000);
}

/** The instants of the last second before `now`, in any order. */
function sentInLastSecond(times: number[], now: number): number[] {
  return times.filter((at) => now - at < 1000);
}

/** Keeps only the instants of the last second before `now` in `times` (oldest first); returns how many. */
function lastSecond(times: number[], now: number): number {
  while (times.length && times[0] <= now - 1000) times.shift();
  return times.length;
}

/** Every pacer of the run, by route (the reporter reads them when the run ends, in the same process). */
export const pacers = new Map<string, Pacer>();
