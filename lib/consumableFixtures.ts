// Fixtures a run uses up: a question the harness answers cannot be answered again (a strict-mode
// server refuses a second answer), and a CI gate meets the same deployment on every push. So a
// check spends as few as it can, never assumes one unspent unless the target says so, and the
// report says how many were spent and about how many runs the rest will last.
//
// Layout: a pool of N items is cut into slots of `perRun` items, one item of each slot per check
// that spends from the pool; the checks of one run (and of its shards) never share an item. A run
// whose items are known fresh (the target says so: a reference started for the run, or fixtures
// minted by its fixturesCommand) takes slot `attempt` and a refusal is the target's. Otherwise it
// starts at a random slot and walks on past items an earlier run spent: a refusal there says
// nothing about the target, only that the item was used.
import { randomInt } from 'node:crypto';
import type { TestInfo } from '@playwright/test';

/** What one check did with one pool: the counts the report adds up per API and pool. */
export interface PoolUse {
  pool: string;
  /** How many the target declares. */
  declared: number;
  /** How many one whole run spends from this pool (one per check that spends from it). */
  perRun: number;
  /** The target said they were unspent at the start of the run. */
  fresh: boolean;
  /** Taken by this check (an answer was accepted). */
  spent: number;
  /** Refused as (probably) already used by an earlier run. */
  foundSpent: number;
}

export const FIXTURES_ATTACHMENT = 'conformance-fixtures';

/** How many items a check tries before it calls the pool used up (each a quick refused request). */
export const MAX_TRIES = 25;

export interface Spending<T, R> {
  items: readonly T[];
  /** The check's place in each slot, and how many checks spend from the pool (the slot's size). */
  position: number;
  perRun: number;
  /** The target says every item is unspent at the start of this run: a refusal is then final. */
  fresh: boolean;
  /** Which attempt of the test this is (a retry takes the next slot of a fresh pool). */
  attempt: number;
  /** Spends one item; its result is a refusal or not. */
  spend: (item: T) => Promise<R>;
  /** A result that may only mean the item was spent before (a 4xx to a valid request). */
  refused: (result: R) => boolean;
}

export interface Spent<T, R> {
  /** The item spent and what it gave: the first not refused, or (fresh) the first whatever it gave. */
  taken?: { item: T; result: R };
  /** Why no item could be taken (the declared ones are used up), when none was. */
  usedUp?: string;
  /** Every refusal seen on the way (for the reason and the evidence). */
  refusals: R[];
  tried: number;
}

/** Slots of one check's items, in the order it tries them. */
function order(length: number, position: number, perRun: number, first: number): number[] {
  const slots = Math.floor(length / perRun);
  return Array.from({ length: slots }, (_, k) => ((first + k) % slots) * perRun + position);
}

export async function spendOne<T, R>(s: Spending<T, R>): Promise<Spent<T, R>> {
  const slots = Math.floor(s.items.length / s.perRun);
  if (slots === 0) return { usedUp: `the target declares ${s.items.length}, a run needs ${s.perRun}`, refusals: [], tried: 0 };
  if (s.fresh) {
    if (s.attempt >= slots) return { usedUp: `the target declares ${s.items.length}, enough for ${slots} attempt(s) of a run`, refusals: [], tried: 0 };
    const item = s.items[s.attempt * s.perRun + s.position];
    return { taken: { item, result: await s.spend(item) }, refusals: [], tried: 1 };
  }
  const refusals: R[] = [];
  for (const index of order(s.items.length, s.position, s.perRun, randomInt(slots)).slice(0, MAX_TRIES)) {
    const item = s.items[index];
    const result = await s.spend(item);
    if (!s.refused(result)) return { taken: { item, result }, refusals, tried: refusals.length + 1 };
    refusals.push(result);
  }
  return {
    usedUp: `${refusals.length} tried (this check takes one in every ${s.perRun} of the ${s.items.length} declared), each refused as used`,
    refusals,
    tried: refusals.length,
  };
}

/** Keeps what a check spent, for the report (attached to the test, read by the reporter). */
export async function recordPoolUse(info: TestInfo, use: PoolUse): Promise<void> {
  await info.attach(FIXTURES_ATTACHMENT, { body: JSON.stringify(use), contentType: 'application/json' });
}

/** The pool uses a test recorded, read back from its attachments (in the runner). */
export function poolUsesOf(attachments: readonly { name: string; body?: Buffer }[]): PoolUse[] {
  return attachments.filter((a) => a.name === FIXTURES_ATTACHMENT && a.body).map((a) => JSON.parse(a.body!.toString('utf8')) as PoolUse);
}

/** One API's spending per pool, added up over its tests. */
export interface PoolSpending extends PoolUse {
  /** About how many more runs the unspent rest lasts: from the share of tried items found unspent. */
  runsLeft: number;
}

export function addUpPoolUses(uses: readonly PoolUse[]): PoolSpending[] {
  const byPool = new Map<string, PoolUse>();
  for (const u of uses) {
    const had = byPool.get(u.pool);
    byPool.set(
      u.pool,
      had
        ? {
            ...had,
            fresh: had.fresh && u.fresh,
            declared: Math.max(had.declared, u.declared),
            spent: had.spent + u.spent,
            foundSpent: had.foundSpent + u.foundSpent,
          }
        : { ...u },
    );
  }
  return [...byPool.values()].map((u) => {
    const tried = u.spent + u.foundSpent;
    const unspentBefore = tried === 0 ? u.declared : (u.declared * u.spent) / tried;
    return { ...u, runsLeft: Math.max(0, Math.floor((unspentBefore - u.spent) / u.perRun)) };
  });
}

/** "questionIds: 2 spent, 1 found already used, of 300 declared (2 a run: about 148 runs left)". */
export function describePoolSpending(p: PoolSpending): string {
  const found = p.foundSpent ? `, ${p.foundSpent} found already used` : '';
  const left = p.fresh ? 'declared fresh for this run' : `${p.perRun} a run: about ${p.runsLeft} runs left`;
  return `${p.pool}: ${p.spent} spent${found}, of ${p.declared} declared (${left})`;
}
