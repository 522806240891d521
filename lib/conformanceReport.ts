// The conformance report: the verdicts a run recorded, folded into one status per requirement of
// every catalog the run covers, with the gate a CI job decides on. A requirement no test reached is
// listed as untested with the reason, so the report always covers the whole catalog.
import { addCoverage, type Coverage } from './budget.ts';
import { addUpPoolUses, describePoolSpending, type PoolSpending, type PoolUse } from './consumableFixtures.ts';
import { curlRepro } from './curlRepro.ts';
import type { Exchange } from './httpClient.ts';
import { describeObjects, type ObjectRecord } from './openapi/ledger.ts';
import type { PacingStats } from './pacing.ts';
import { catalogOf, profileNames } from './registry.ts';
import type { ApiName, Level, Requirement } from './requirements.ts';
import { clocksApart, describeOffset, zoneName } from './serverClock.ts';
import type { Target } from './target.ts';
import type { Status, VerdictRecord } from './verdict.ts';

export interface RequirementResult {
  id: string;
  api: ApiName;
  level: Level;
  status: Status;
  reason?: string;
  seed: string;
  quote: string;
  checks: string;
  tests: string[];
  /** Playwright's ids of `tests`, in the same order: the HTML report opens one at `#?testId=<id>`. */
  testIds: string[];
  /** Set when the target lists the requirement in expectedFailures; the status is unchanged. */
  expected?: { reason: string };
  evidence?: EvidenceExchange[];
  /** For a failure: the tests that recorded it. */
  failedIn?: string[];
  /** For a check over generated cases: how many it checked of how many, and why it stopped early. */
  coverage?: Coverage;
}

/** An exchange kept as evidence, with the curl command that repeats it (secrets as environment variables). */
export type EvidenceExchange = Exchange & { curl: string };

/** The lowest level whose failures fail the gate: MUST by default; SHOULD for a vendor who wants both gated. */
export type GateLevel = 'MUST' | 'SHOULD';
/** --gate, for the runner and the reporters (it wins over the target file's `gate`). */
export const GATE_ENV = 'CONFORMANCE_GATE';

/** The gate's level: --gate, else the target file's, else MUST. */
export function gateLevelOf(target: Pick<Target, 'gate'> | undefined, env: NodeJS.ProcessEnv = process.env): GateLevel {
  return (env[GATE_ENV] ?? target?.gate ?? 'must').toUpperCase() === 'SHOULD' ? 'SHOULD' : 'MUST';
}

/** What a CI gate decides on: failures weighed against the target's expectedFailures. */
export interface Gate {
  /** The lowest level gated. */
  level: GateLevel;
  /** No new failure at the gated levels and no broken test. */
  passed: boolean;
  /** Requirements at the gated levels that failed and are not in expectedFailures. */
  newFailures: string[];
  /** Requirements in expectedFailures that failed, as expected. */
  expectedFailures: string[];
  /** Requirements in expectedFailures that passed: fixed, to be removed from the list. */
  fixed: string[];
  /** Tests that failed with no MUST requirement to blame (an error outside every check). */
  brokenTests: string[];
}

/** How the run drove one API of the target: what the preflight measured and what the pacing did. */
export interface Driving {
  latencyMs?: number;
  /** The target's clock against the harness's, from its Date headers: "+2.0 s ± 0.5 s". */
  clockOffset: string;
  /** Its application's clock, from the time its answer carries (where the API's answers carry one): "−2.0 s ± 0.0 s". */
  applicationClockOffset?: string;
  /** Set when the two cannot be one clock (no offset lies within the bounds of both): by how much, and what the harness did. */
  clocksDisagree?: string;
  pacing?: PacingStats;
  /** What the run spent of the fixtures a run uses up (questions it answered), per pool. */
  fixtures?: PoolSpending[];
  /** What the run created on the target (an OpenAPI kind's creates and clones), and what became of each. */
  objects?: ObjectRecord[];
}

export interface ConformanceReport {
  target: string;
  /** APIs whose host could not be reached, with the reason. */
  unreachable: Record<string, string>;
  /** Per API: latency, clock offset, requests sent and throttled, the rate used. */
  driving?: Record<string, Driving>;
  /** The registered APIs this run did not cover (no section in the target file, not asked for): named, not listed. */
  otherApis: string[];
  generatedAt: string;
  totals: Record<Status, number> & { total: number; mustFailed: number; shouldFailed: number; gate: Gate };
  apis: Record<string, { tested: boolean; reason?: string } & Record<Status, number>>;
  requirements: RequirementResult[];
  /** Why the run ended before every test ran: what it never reached is untested with this reason. */
  stoppedEarly?: string;
  webhook?: WebhookTally;
  /** The tests the run selected, of every API (a merge: of every shard). */
  collected?: number;
}

/** A warning when tests waited for webhook deliveries and none reached the sink at all: the deployment's webhook URL, or its way to this machine. */
export function webhookSilence(report: Pick<ConformanceReport, 'webhook'>): string | undefined {
  const w = report.webhook;
  if (!w || w.received > 0 || w.waited === 0) return undefined;
  return `no delivery reached the webhook sink (${w.listens.join(', ')}) in this run, though tests waited for one ${w.waited} times: is the deployment's webhook URL http://${w.listens[0]}/, and can the deployment reach this machine?`;
}

/** What one test said: its verdicts, its title and Playwright id, and whether it broke outside every check. */
export interface TestVerdicts {
  id: string;
  title: string;
  records: VerdictRecord[];
  broken: boolean;
  /** The consumable fixtures the test spent, and of which API. */
  pools?: (PoolUse & { api: string })[];
}

/** What the run said about one requirement. */
interface Verdicts {
  records: VerdictRecord[];
  tests: Map<string, string>;
  failedIn: Set<string>;
}

const PRECEDENCE: VerdictRecord['status'][] = ['failed', 'passed', 'unobservable', 'skipped'];

/**
 * Why a requirement has a status other than failed, when several tests give one: the first in
 * sorted order, not the first to arrive, so that the report is the same whichever test ended first.
 */
function reasonOf(records: readonly VerdictRecord[], status: VerdictRecord['status']): string | undefined {
  return records
    .filter((r) => r.status === status && r.reason)
    .map((r) => r.reason!)
    .sort()[0];
}

export function reportDir(): string {
  return process.env.CONFORMANCE_REPORT_DIR ?? 'reports';
}

function emptyCounts(): Record<Status, number> {
  return { passed: 0, failed: 0, skipped: 0, unobservable: 0, untested: 0 };
}

/** Weighs the failures against the expected ones (the way browser test suites keep expectations). */
export function gateOf(requirements: RequirementResult[], brokenTests: string[], level: GateLevel = 'MUST'): Gate {
  const ids = (pick: (r: RequirementResult) => boolean) => requirements.filter(pick).map((r) => r.id);
  const newFailures = ids((r) => r.status === 'failed' && (r.level === 'MUST' || level === 'SHOULD') && !r.expected);
  return {
    level,
    passed: newFailures.length === 0 && brokenTests.length === 0,
    newFailures,
    expectedFailures: ids((r) => r.status === 'failed' && Boolean(r.expected)),
    fixed: ids((r) => r.status === 'passed' && Boolean(r.expected)),
    brokenTests,
  };
}

export interface ReportInput {
  target: Target | undefined;
  /** The profiles the report covers, in order: each one's whole catalog is listed. */
  profiles: string[];
  tests: TestVerdicts[];
  /** Per profile: why it was not tested at all (no section, unreachable), when a test said so. */
  untestedBecause: Map<string, string>;
  /** Per profile: what the proxy's pacing did. */
  pacing?: Record<string, PacingStats>;
  /** Per profile: the objects the run created on the target (lib/openapi/ledger.ts). */
  objects?: Record<string, ObjectRecord[]>;
  /** Why the run ended before every test ran (interrupted, its time limit): the reason of what it never reached. */
  stoppedEarly?: string;
  /** What the run's webhook sink saw (lib/webhookSink.ts sinkTally). */
  webhook?: WebhookTally;
  /** The tests the run selected. */
  collected?: number;
}

/** The webhook sink's addresses, the deliveries that reached it, and the tests' waits for one. */
export interface WebhookTally {
  listens: string[];
  received: number;
  waited: number;
}

/** At most this much of a requirement's failures is kept, from every test that failed it. */
const REASONS_CAP = 16 * 1024;
const EVIDENCE_CAP = 16;

/**
 * What every failed check of a requirement said (two tests may judge one requirement, each on its
 * own exchanges): their reasons, each once, and a share of each one's evidence, within bounds.
 */
function failuresOf(records: VerdictRecord[]): { reason?: string; evidence: Exchange[] } {
  const failed = records.filter((r) => r.status === 'failed');
  const joined = [...new Set(failed.flatMap((r) => (r.reason ? [r.reason] : [])))].join('\n\n');
  const reason = joined.length > REASONS_CAP ? `${joined.slice(0, REASONS_CAP)}… [${joined.length - REASONS_CAP} more characters]` : joined;
  const share = Math.max(1, Math.floor(EVIDENCE_CAP / failed.length));
  const evidence = failed.flatMap((r) => (r.evidence ?? []).slice(-share)).slice(-EVIDENCE_CAP);
  return { ...(reason ? { reason } : {}), evidence };
}

/** The coverage of a requirement's passing checks, added up. */
function coverageOf(records: VerdictRecord[]): Coverage | undefined {
  const loops = records.filter((r) => r.status === 'passed' && r.coverage).map((r) => r.coverage!);
  return loops.length ? loops.reduce(addCoverage) : undefined;
}

export function buildReport({ target, profiles, tests, untestedBecause, pacing, objects, stoppedEarly, webhook, collected }: ReportInput): ConformanceReport {
  const byId = new Map<string, Verdicts>();
  const brokenTests: string[] = [];
  for (const test of tests) {
    for (const record of test.records) {
      const entry: Verdicts = byId.get(record.id) ?? { records: [], tests: new Map(), failedIn: new Set() };
      entry.records.push(record);
      entry.tests.set(test.id, test.title);
      if (record.status === 'failed') entry.failedIn.add(test.title);
      byId.set(record.id, entry);
    }
    if (test.broken) brokenTests.push(test.title);
  }
  const absentReason = (api: string): string => {
    const unreachable = target?.unreachable?.[api];
    if (unreachable) return `the target could not be used: ${unreachable}`;
    return untestedBecause.get(api) ?? (target ? `the target file has no "${api}" section` : 'no target was resolved');
  };
  const tested = (api: string) => Boolean(target?.apis[api]) && !target?.unreachable?.[api];
  const expected = new Map((target?.expectedFailures ?? []).map((e) => [e.id, e.reason]));
  const resultOf = (req: Requirement): RequirementResult => {
    const entry = byId.get(req.id);
    const reason = expected.get(req.id);
    const base = {
      id: req.id,
      api: req.api,
      level: req.level,
      seed: req.seed,
      quote: req.quote,
      checks: req.checks,
      ...(reason === undefined ? {} : { expected: { reason } }),
    };
    const testsOf = { tests: [...(entry?.tests.values() ?? [])], testIds: [...(entry?.tests.keys() ?? [])] };
    if (!entry || entry.records.length === 0) {
      return {
        ...base,
        status: 'untested',
        reason: !tested(req.api)
          ? absentReason(req.api)
          : stoppedEarly
            ? `not run: ${stoppedEarly} before a test of it ran`
            : 'no test that checks it ran (filtered out, or not written yet)',
        ...testsOf,
      };
    }
    const status = PRECEDENCE.find((s) => entry.records.some((r) => r.status === s)) ?? 'skipped';
    const decisive = status === 'failed' ? failuresOf(entry.records) : { reason: reasonOf(entry.records, status), evidence: [] };
    const section = target?.apis[req.api];
    const realBaseUrl = section?.realBaseUrl ?? section?.baseUrl ?? '';
    const coverage = status === 'passed' ? coverageOf(entry.records) : undefined;
    return {
      ...base,
      status,
      ...(coverage ? { coverage } : {}),
      ...(status !== 'passed' && decisive.reason ? { reason: decisive.reason } : {}),
      ...(decisive.evidence.length ? { evidence: decisive.evidence.map((e) => ({ ...e, curl: curlRepro(e, realBaseUrl) })) } : {}),
      ...(status === 'failed' ? { failedIn: [...entry.failedIn] } : {}),
      ...testsOf,
    };
  };
  const requirements = profiles.flatMap((p) => [...catalogOf(p).values()].map(resultOf));
  const totals = { ...emptyCounts(), total: requirements.length, mustFailed: 0, shouldFailed: 0, gate: gateOf(requirements, brokenTests, gateLevelOf(target)) };
  const apis: ConformanceReport['apis'] = {};
  for (const api of profiles) apis[api] = { tested: tested(api), ...emptyCounts(), ...(tested(api) ? {} : { reason: absentReason(api) }) };
  for (const r of requirements) {
    totals[r.status] += 1;
    apis[r.api][r.status] += 1;
    if (r.status === 'failed') totals[r.level === 'MUST' ? 'mustFailed' : 'shouldFailed'] += 1;
  }
  const driving: Record<string, Driving> = {};
  for (const api of profiles.filter(tested)) {
    const measured = target?.measured?.[api];
    const pools = addUpPoolUses(tests.flatMap((t) => t.pools ?? []).filter((u) => u.api === api));
    driving[api] = {
      latencyMs: measured?.latencyMs,
      clockOffset: describeOffset(measured?.clock),
      ...applicationClockOf(measured),
      ...(pacing?.[api] ? { pacing: pacing[api] } : {}),
      ...(pools.length ? { fixtures: pools } : {}),
      ...(objects?.[api]?.length ? { objects: objects[api] } : {}),
    };
  }
  const otherApis = profileNames().filter((p) => !profiles.includes(p));
  return {
    target: target?.name ?? 'unknown',
    unreachable: { ...target?.unreachable },
    driving,
    otherApis,
    generatedAt: new Date().toISOString(),
    totals,
    apis,
    requirements,
    ...(stoppedEarly ? { stoppedEarly } : {}),
    ...(webhook ? { webhook } : {}),
    ...(collected === undefined ? {} : { collected }),
  };
}

/** What the preflight's answer showed of the application's clock, and whether the Date header's is another. */
function applicationClockOf(measured: NonNullable<Target['measured']>[string] | undefined): Pick<Driving, 'applicationClockOffset' | 'clocksDisagree'> {
  const app = measured?.applicationClock;
  if (!app) return {};
  const zone = app.zoneMs === undefined ? '' : ` (its timestamps name no zone: read as ${zoneName(app.zoneMs)})`;
  const apart = clocksApart(measured?.clock, app);
  const disagree =
    apart === undefined
      ? {}
      : {
          clocksDisagree: `its timestamps run about ${(Math.abs(apart) / 1000).toFixed(1)} s ${apart > 0 ? 'ahead of' : 'behind'} its Date header's clock, beyond the uncertainty of both: instants sent (ts, history periods) are placed to hold on either clock`,
        };
  return { applicationClockOffset: `${describeOffset(app)}${zone}`, ...disagree };
}

/** One line of how the run drove an API: "latency 212 ms, clock +7.0 s ± 0.5 s; 1,204 requests, 37 throttled, rate lowered to 12.5/s". */
export function describeDriving(d: Driving): string {
  const parts = [`latency ${d.latencyMs ?? '?'} ms`, `clock ${d.clockOffset}`];
  if (d.applicationClockOffset) parts.push(`application clock ${d.applicationClockOffset}${d.clocksDisagree ? ` — ${d.clocksDisagree}` : ''}`);
  const p = d.pacing;
  if (p) {
    const declared = p.declared.requestsPerSecond ? `declared ${p.declared.requestsPerSecond}/s` : '';
    const learned = p.learnedRate !== null ? `; the target allows about ${p.learnedRate.toFixed(1)}/s` : '';
    const rate =
      p.lowestRate !== null
        ? `rate lowered to ${p.lowestRate.toFixed(1)}/s (ending at ${p.rate === null ? 'no limit' : `${p.rate.toFixed(1)}/s`}${learned})`
        : declared;
    parts.push(`${p.sent} requests sent, ${p.throttled} throttled${p.refused ? `, ${p.refused} given up` : ''}${rate ? `, ${rate}` : ''}`);
  }
  if (d.fixtures) parts.push(`fixtures spent: ${d.fixtures.map(describePoolSpending).join('; ')}`);
  if (d.objects) parts.push(describeObjects(d.objects));
  return parts.join('; ');
}
