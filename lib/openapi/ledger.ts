// What a run created on the target, and what it removed: an append-only file of JSON lines that
// every worker writes to as it creates and removes objects, which the runner finishes (global
// teardown removes what a crashed or stopped worker left) and the reporter reads into the report.
// A vendor's staging must not keep what a conformance run made: every object is removed at the
// end of the test that made it, also when a check failed, and what could not be is said.
import { setTimeout as delay } from 'node:timers/promises';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The ledger's file: set by global setup, inherited by the workers and read by the reporter. */
export const LEDGER_ENV = 'CONFORMANCE_CREATED_LEDGER';
export const LEDGER_FILE = 'created-objects.jsonl';

/** The request that removes an object, as a worker sends it (through the secret proxy, placeholders for secrets). */
export interface Removal {
  method: string;
  url: string;
  /** The URL below the API's base URL. */
  path: string;
  /** The request for people: `DELETE /items/500001`. */
  what: string;
  headers: Record<string, string>;
}

export interface Created {
  event: 'created';
  /** Unique in the run: the worker's pid and a counter. */
  key: string;
  run: string;
  api: string;
  resource: string;
  id: unknown;
  /** The operation that created it, and the test. */
  by: string;
  test: string;
  /** How it is removed, or why it cannot be. */
  removal: Removal | { none: string };
}

export interface Outcome {
  event: 'removed' | 'not-removed';
  key: string;
  /** What removed it (`DELETE /items/500001 answered 204`), or why it is still there. */
  how: string;
  /** Who: the test that made it, its end (the fixture), or the runner after a worker left it. */
  by: 'test' | 'test end' | 'runner';
}

export type LedgerEntry = Created | Outcome;

export function ledgerFile(dir: string): string {
  return join(dir, LEDGER_FILE);
}

/** Starts a run's ledger (an earlier run's is replaced: the report of that run listed it). */
export function startLedger(file: string): void {
  writeFileSync(file, '');
}

/** Appends an entry; a line at a time, so that workers writing at once never interleave within one. */
export function record(entry: LedgerEntry, env: NodeJS.ProcessEnv = process.env): void {
  const file = env[LEDGER_ENV];
  if (file) appendFileSync(file, `${JSON.stringify(entry)}\n`);
}

export function readLedger(file: string | undefined): LedgerEntry[] {
  if (!file || !existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as LedgerEntry];
      } catch {
        // A line a killed worker left half-written: what it was cannot be known.
        return [];
      }
    });
}

/** Objects created with no outcome yet: a worker crashed or was stopped before its test's end removed them. */
export function pending(entries: readonly LedgerEntry[]): Created[] {
  const settled = new Set(entries.filter((e): e is Outcome => e.event !== 'created').map((e) => e.key));
  return entries.filter((e): e is Created => e.event === 'created' && !settled.has(e.key));
}

/** One object as the report lists it. */
export interface ObjectRecord {
  resource: string;
  id: unknown;
  createdBy: string;
  test: string;
  /** What removed it; absent when it was not. */
  removed?: string;
  /** Why it is still there. */
  left?: string;
}

/** The objects of one API of one run, created and what became of each. */
export function objectsOf(entries: readonly LedgerEntry[], run: string, api: string): ObjectRecord[] {
  const outcomes = new Map<string, Outcome>();
  for (const e of entries) if (e.event !== 'created') outcomes.set(e.key, e);
  return entries
    .filter((e): e is Created => e.event === 'created' && e.run === run && e.api === api)
    .map((c) => {
      const outcome = outcomes.get(c.key);
      const base = { resource: c.resource, id: c.id, createdBy: c.by, test: c.test };
      if (outcome?.event === 'removed') return { ...base, removed: outcome.how };
      return { ...base, left: outcome?.how ?? ('none' in c.removal ? c.removal.none : 'the run ended before it was removed') };
    });
}

/** "7 objects created (items: 5 by createItem, 2 by cloneItem), 7 removed". */
export function describeObjects(objects: readonly ObjectRecord[]): string {
  const counts = new Map<string, number>();
  for (const o of objects) counts.set(`${o.resource}|${o.createdBy}`, (counts.get(`${o.resource}|${o.createdBy}`) ?? 0) + 1);
  const byResource = new Map<string, string[]>();
  for (const [key, n] of counts) {
    const [resource, by] = key.split('|');
    byResource.set(resource, [...(byResource.get(resource) ?? []), `${n} by ${by}`]);
  }
  const what = [...byResource].map(([resource, parts]) => `${resource}: ${parts.join(', ')}`).join('; ');
  const removed = objects.filter((o) => o.removed).length;
  const left = objects.length - removed;
  return `${objects.length} objects created (${what}), ${removed} removed${left ? `, ${left} NOT removed` : ''}`;
}

/** How long the runner waits on one removal, and how often it tries one the target asks it to slow down for. */
const SWEEP_TIMEOUT_MS = 15_000;
const SWEEP_TRIES = 3;
const MAX_RETRY_AFTER_MS = 10_000;

/** Sends a removal; its outcome in words. A 404 or 410 says it is gone already (a test's own delete, or a soft delete). */
export async function sendRemoval(removal: Removal, send: (r: Removal) => Promise<number>): Promise<Pick<Outcome, 'event' | 'how'>> {
  let status = 0;
  for (let attempt = 1; attempt <= SWEEP_TRIES; attempt++) {
    try {
      status = await send(removal);
    } catch (err) {
      return { event: 'not-removed', how: `${removal.what} got no answer: ${(err as Error).message}` };
    }
    if (status !== 429 || attempt === SWEEP_TRIES) break;
  }
  if (status >= 200 && status < 300) return { event: 'removed', how: `${removal.what} answered ${status}` };
  if (status === 404 || status === 410) return { event: 'removed', how: `${removal.what} answered ${status}: it was gone already` };
  return { event: 'not-removed', how: `${removal.what} answered ${status}` };
}

/** A removal over plain HTTP, in the runner (through the secret proxy, which is still up): its status. */
async function fetchRemoval(removal: Removal): Promise<number> {
  const reply = await fetch(removal.url, {
    method: removal.method,
    headers: removal.headers,
    redirect: 'manual',
    signal: AbortSignal.timeout(SWEEP_TIMEOUT_MS),
  });
  await reply.arrayBuffer().catch(() => undefined);
  if (reply.status === 429) {
    const wait = Math.min(MAX_RETRY_AFTER_MS, 1000 * (Number(reply.headers.get('retry-after')) || 1));
    await delay(wait);
  }
  return reply.status;
}

/**
 * The runner's last pass, after every worker ended: removes what a worker created and did not get
 * to remove (it crashed, its test was stopped, the run was interrupted), and says what is left.
 */
export async function finishLedger(file: string, send: (r: Removal) => Promise<number> = fetchRemoval): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const created of pending(readLedger(file))) {
    const outcome: Outcome =
      'none' in created.removal
        ? { event: 'not-removed', key: created.key, how: created.removal.none, by: 'runner' }
        : { ...(await sendRemoval(created.removal, send)), key: created.key, by: 'runner' };
    record(outcome, { [LEDGER_ENV]: file });
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * The runner's last pass, armed by the global setup and started once, by whichever end of the run
 * asks first: the global teardown, or the conformance reporter before it reads the ledger. When the
 * run reaches its time limit, Playwright gives its global teardown the deadline already passed, so
 * the teardown is cut, or never called; the reporters still run, and the secret proxy, which only
 * the teardown closes, is still up for the removals. Kept on a global symbol, as the global setup
 * and the reporters may hold this module apart.
 */
const LAST_PASS = Symbol.for('conformance.lastPass');
interface LastPass {
  start: () => Promise<Outcome[]>;
  running?: Promise<Outcome[]>;
}
const store = globalThis as { [LAST_PASS]?: LastPass };

/** Arms the last pass over the ledger `file`; `said` is told what it removed, once it has. */
export function armLastPass(file: string, said: (outcomes: Outcome[]) => void): void {
  store[LAST_PASS] = {
    start: async () => {
      const outcomes = await finishLedger(file);
      said(outcomes);
      return outcomes;
    },
  };
}

/** Runs the armed last pass, or waits for the one already running; nothing when none is armed (a worker, a test). */
export function lastPass(): Promise<Outcome[]> {
  const pass = store[LAST_PASS];
  if (!pass) return Promise.resolve([]);
  return (pass.running ??= pass.start());
}

/** The last pass, waited for at most `ms`: false when it was still running then. */
export function lastPassWithin(ms: number): Promise<boolean> {
  return Promise.race([lastPass().then(() => true), delay(ms, false, { ref: false })]);
}
