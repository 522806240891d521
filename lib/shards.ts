// Sharding: when one machine is not enough, CI splits a run with Playwright's --shard. Each shard
// keeps its results under <reports>/shards/<i>-of-<n>/: Playwright's blob report (for
// `playwright merge-reports`) and a shard record, what the conformance report is built from (the
// target as workers saw it, its unreachable APIs, every test's verdicts). Shards run one after
// another in one folder, or on several machines whose folders are copied together; merging reads
// the records of every shard and folds them into one report input, as if one run had made them all.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ReportInput } from './conformanceReport.ts';
import { profileNames } from './registry.ts';
import type { PacingStats } from './pacing.ts';
import type { Target } from './target.ts';

/** `i/n`, set by the CLI's --shard: the Playwright config runs that shard and adds the blob reporter. */
export const SHARD_ENV = 'CONFORMANCE_SHARD';
export const SHARD_RECORD = 'conformance-shard.json';
/** Where a shard's Playwright blob report lies, below its folder. */
export const BLOB_FOLDER = 'blob';

export interface Shard {
  current: number;
  total: number;
}

export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const shard = match && { current: Number(match[1]), total: Number(match[2]) };
  if (!shard || shard.current < 1 || shard.current > shard.total) throw new ShardError(`--shard takes i/n with 1 <= i <= n (e.g. 1/2), not "${text}"`);
  return shard;
}

export const shardName = (s: Shard) => `${s.current}-of-${s.total}`;
/** Unique per shard, so the blobs of every shard can lie side by side for merge-reports. */
export const blobFileName = (s: Shard) => `playwright-${shardName(s)}.zip`;

/** What a shard's runner keeps for `merge`: its report's input, as JSON holds it. */
export type ShardRecord = Omit<ReportInput, 'target' | 'untestedBecause'> & {
  shard: Shard;
  /** Absent where the run had none (JSON drops an undefined one). */
  target?: Target;
  /** ReportInput's Map, as JSON holds it. */
  untestedBecause: Record<string, string>;
};

/** The pacing of every shard, per API: the counts added up, the lowest rates kept. */
function mergedPacing(shards: ShardRecord[]): Record<string, PacingStats> {
  const out: Record<string, PacingStats> = {};
  const lower = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
  for (const [api, p] of shards.flatMap((s) => Object.entries(s.pacing ?? {}))) {
    const had = out[api];
    out[api] = had
      ? {
          ...had,
          sent: had.sent + p.sent,
          throttled: had.throttled + p.throttled,
          refused: had.refused + p.refused,
          waitedMs: had.waitedMs + p.waitedMs,
          rate: lower(had.rate, p.rate),
          lowestRate: lower(had.lowestRate, p.lowestRate),
          learnedRate: lower(had.learnedRate ?? null, p.learnedRate ?? null),
        }
      : p;
  }
  return out;
}

/** A record read from disk, with its blob report. */
export interface FoundShard extends ShardRecord {
  file: string;
  blob: string;
}

function recordFiles(dir: string): string[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ShardError(`${dir} is not a folder of shard results`);
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => basename(name) === SHARD_RECORD);
  return names.map((name) => join(dir, name)).sort();
}

function readRecord(file: string): FoundShard {
  let record: ShardRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as ShardRecord;
  } catch (err) {
    throw new ShardError(`${file} is not a shard record: ${(err as Error).message}`);
  }
  if (!record?.shard || !Array.isArray(record.tests) || !Array.isArray(record.profiles)) throw new ShardError(`${file} is not a shard record`);
  const blob = join(dirname(file), BLOB_FOLDER, blobFileName(record.shard));
  if (!existsSync(blob)) throw new ShardError(`${file}: shard ${record.shard.current}/${record.shard.total} has no Playwright blob report (${blob})`);
  return { ...record, file, blob };
}

/**
 * The shards under the folders (each a shard's folder, or a folder holding several), checked to
 * be one whole run: the same target and shard count, every shard exactly once.
 */
export function readShards(dirs: string[]): FoundShard[] {
  const shards = [...new Set(dirs.flatMap(recordFiles))].map(readRecord);
  if (!shards.length) throw new ShardError(`no shard results under ${dirs.join(', ')} (a run with --shard i/n writes them)`);
  const totals = new Set(shards.map((s) => s.shard.total));
  if (totals.size > 1)
    throw new ShardError(`shards of different splits (of ${[...totals].join(', of ')}): ${shards.map((s) => s.file).join(', ')}; remove the stale ones`);
  const targets = new Set(shards.map((s) => s.target?.name ?? ''));
  if (targets.size > 1) throw new ShardError(`shards of different targets (${[...targets].join(', ')})`);
  const total = shards[0].shard.total;
  for (let i = 1; i <= total; i++) {
    const found = shards.filter((s) => s.shard.current === i);
    if (found.length === 0) throw new ShardError(`shard ${i}/${total} is missing (found ${shards.map((s) => shardName(s.shard)).join(', ')})`);
    if (found.length > 1) throw new ShardError(`shard ${i}/${total} was found twice: ${found.map((s) => s.file).join(', ')}`);
  }
  return shards.sort((a, b) => a.shard.current - b.shard.current);
}

/** The webhook sinks of every shard: their addresses, and what reached them and was waited for, added up. */
function mergedWebhook(shards: ShardRecord[]): NonNullable<ReportInput['webhook']> {
  const tallies = shards.flatMap((s) => (s.webhook ? [s.webhook] : []));
  return {
    listens: [...new Set(tallies.flatMap((t) => t.listens))],
    received: tallies.reduce((n, t) => n + t.received, 0),
    waited: tallies.reduce((n, t) => n + t.waited, 0),
  };
}

/** One report input from every shard: all tests' verdicts, and every API a shard could not use. */
export function mergeShards(shards: ShardRecord[]): ReportInput {
  const [first] = shards;
  const unreachable = Object.assign({}, ...shards.map((s) => s.target?.unreachable ?? {})) as Record<string, string>;
  const untestedBecause = new Map(shards.flatMap((s) => Object.entries(s.untestedBecause)));
  return {
    target: first.target && { ...first.target, unreachable },
    // A shard may hold no test of an API another shard tested: the run covered every shard's.
    profiles: profileNames().filter((p) => shards.some((s) => s.profiles.includes(p))),
    tests: shards.flatMap((s) => s.tests),
    untestedBecause,
    pacing: mergedPacing(shards),
    objects: Object.fromEntries(
      [...new Set(shards.flatMap((s) => Object.keys(s.objects ?? {})))].map((api) => [api, shards.flatMap((s) => s.objects?.[api] ?? [])]),
    ),
    stoppedEarly: shards.find((s) => s.stoppedEarly)?.stoppedEarly,
    ...(shards.some((s) => s.webhook) ? { webhook: mergedWebhook(shards) } : {}),
    collected: shards.reduce((n, s) => n + (s.collected ?? 0), 0),
  };
}
