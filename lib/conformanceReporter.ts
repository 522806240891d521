// A Playwright reporter that folds the verdicts recorded by `check` into one status per
// requirement and writes reports/conformance.json and its page, reports/conformance.html. A
// requirement no test reached is listed as untested with the reason, so the report always covers
// the whole catalog. The target's expected failures are weighed here too: the gate says whether
// anything failed that the vendor did not already expect.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { allRequirements } from './catalogs.ts';
import { renderConformanceHtml } from './conformanceHtml.ts';
import { redactDeep, redactSecrets } from './redactSecrets.ts';
import { API_NAMES, type ApiName, type Level, type Requirement } from './requirements.ts';
import { targetFromEnvironment, type Target } from './target.ts';
import { VERDICT_ATTACHMENT, type Status, type VerdictRecord } from './verdict.ts';
import type { Exchange } from './httpClient.ts';

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
}

/** An exchange kept as evidence, with its path relative to the API's base URL (what a vendor reads). */
export type EvidenceExchange = Exchange & { path: string };

/** What a CI gate decides on: failures weighed against the target's expectedFailures. */
export interface Gate {
  /** No new MUST failure and no broken test. */
  passed: boolean;
  /** MUST requirements that failed and are not in expectedFailures. */
  newFailures: string[];
  /** Requirements in expectedFailures that failed, as expected. */
  expectedFailures: string[];
  /** Requirements in expectedFailures that passed: fixed, to be removed from the list. */
  fixed: string[];
  /** Tests that failed with no MUST requirement to blame (an error outside every check). */
  brokenTests: string[];
}

export interface ConformanceReport {
  target: string;
  /** APIs whose host could not be reached, with the reason. */
  unreachable: Record<string, string>;
  generatedAt: string;
  totals: Record<Status, number> & { total: number; mustFailed: number; shouldFailed: number; gate: Gate };
  apis: Record<string, { tested: boolean; reason?: string } & Record<Status, number>>;
  requirements: RequirementResult[];
}

const PRECEDENCE: VerdictRecord['status'][] = ['failed', 'passed', 'unobservable', 'skipped'];
const LEVELS = new Map(allRequirements().map((r) => [r.id, r.level]));
const UNTESTED_PREFIX = 'untested:';

/** What a run said about one requirement: the verdicts recorded, and the tests (titles by Playwright test id) that recorded them. */
interface Verdicts {
  records: VerdictRecord[];
  tests: Map<string, string>;
  /** Titles of the tests that recorded a failure. */
  failedIn: Set<string>;
}

export function reportDir(): string {
  return process.env.CONFORMANCE_REPORT_DIR ?? 'reports';
}

function emptyCounts(): Record<Status, number> {
  return { passed: 0, failed: 0, skipped: 0, unobservable: 0, untested: 0 };
}

/** The URL as the vendor would write it: relative to the API's base URL when it lies below it. */
function pathOf(url: string, baseUrl: string): string {
  return baseUrl && url.startsWith(baseUrl) ? url.slice(baseUrl.length) || '/' : url;
}

/** Weighs the failures against the expected ones (the way browser test suites keep expectations). */
export function gateOf(requirements: RequirementResult[], brokenTests: string[]): Gate {
  const ids = (pick: (r: RequirementResult) => boolean) => requirements.filter(pick).map((r) => r.id);
  const newFailures = ids((r) => r.status === 'failed' && r.level === 'MUST' && !r.expected);
  return {
    passed: newFailures.length === 0 && brokenTests.length === 0,
    newFailures,
    expectedFailures: ids((r) => r.status === 'failed' && Boolean(r.expected)),
    fixed: ids((r) => r.status === 'passed' && Boolean(r.expected)),
    brokenTests,
  };
}

export default class ConformanceReporter implements Reporter {
  private readonly latest = new Map<string, { test: TestCase; result: TestResult }>();
  private untestedApis = new Map<string, string>();

  onBegin(_config: FullConfig, _suite: Suite): void {}

  onTestEnd(test: TestCase, result: TestResult): void {
    this.latest.set(test.id, { test, result });
  }

  private verdictsOf(test: TestCase, result: TestResult): VerdictRecord[] {
    const records: VerdictRecord[] = [];
    for (const a of result.attachments) {
      if (a.name !== VERDICT_ATTACHMENT || !a.body) continue;
      try {
        records.push(JSON.parse(a.body.toString('utf8')) as VerdictRecord);
      } catch {
        // An attachment we did not write; ignore it.
      }
    }
    const api = test.parent.project()?.name as ApiName | undefined;
    const seen = new Set(records.map((r) => r.id));
    const tagged = test.tags.map((t) => `${api}.${t.replace(/^@/, '')}`).filter((id) => !seen.has(id));
    const skip = [...result.annotations, ...test.annotations].find((a) => a.type === 'skip')?.description ?? '';
    for (const id of tagged) {
      if (result.status === 'skipped') {
        if (skip.startsWith(UNTESTED_PREFIX)) {
          if (api) this.untestedApis.set(api, skip.slice(UNTESTED_PREFIX.length).trim());
          continue;
        }
        records.push({ id, status: 'skipped', reason: skip || 'skipped' });
      } else if (result.status !== 'passed') {
        const stoppedAt = records.find((r) => r.status === 'failed' && LEVELS.get(r.id) === 'MUST');
        if (stoppedAt) {
          // A MUST check failed first and ended the test: the later checks were never judged.
          records.push({ id, status: 'skipped', reason: `not reached: the test stopped at the failure of ${stoppedAt.id}` });
        } else {
          // The test died outside a check (a timeout, a fixture error): its requirements failed.
          const error = result.errors.map((e) => e.message ?? '').join('\n') || result.status;
          records.push({ id, status: 'failed', reason: redactSecrets(`test ${result.status}: ${error}`) });
        }
      }
    }
    return records;
  }

  buildReport(target: Target | undefined): ConformanceReport {
    const byId = new Map<string, Verdicts>();
    const brokenTests: string[] = [];
    for (const { test, result } of this.latest.values()) {
      const records = this.verdictsOf(test, result);
      const title = `${test.parent.project()?.name ?? ''} › ${test.titlePath().slice(2).join(' › ')}`;
      for (const record of records) {
        const entry: Verdicts = byId.get(record.id) ?? { records: [], tests: new Map(), failedIn: new Set() };
        entry.records.push(record);
        entry.tests.set(test.id, title);
        if (record.status === 'failed') entry.failedIn.add(title);
        byId.set(record.id, entry);
      }
      const blamed = records.some((r) => r.status === 'failed' && LEVELS.get(r.id) === 'MUST');
      if (test.outcome() === 'unexpected' && !blamed) brokenTests.push(title);
    }
    const expected = new Map((target?.expectedFailures ?? []).map((e) => [e.id, e.reason]));
    const requirements = allRequirements().map((req) => this.resultOf(req, byId.get(req.id), target, expected.get(req.id)));
    const totals = { ...emptyCounts(), total: requirements.length, mustFailed: 0, shouldFailed: 0, gate: gateOf(requirements, brokenTests) };
    const apis: ConformanceReport['apis'] = {};
    for (const api of API_NAMES) {
      const tested = Boolean(target?.apis[api]) && !target?.unreachable?.[api];
      apis[api] = { tested, ...emptyCounts(), ...(tested ? {} : { reason: this.absentReason(api, target) }) };
    }
    for (const r of requirements) {
      totals[r.status] += 1;
      apis[r.api][r.status] += 1;
      if (r.status === 'failed') totals[r.level === 'MUST' ? 'mustFailed' : 'shouldFailed'] += 1;
    }
    return {
      target: target?.name ?? 'unknown',
      unreachable: { ...target?.unreachable },
      generatedAt: new Date().toISOString(),
      totals,
      apis,
      requirements,
    };
  }

  private absentReason(api: string, target: Target | undefined): string {
    const unreachable = target?.unreachable?.[api as ApiName];
    if (unreachable) return `the target could not be used: ${unreachable}`;
    return this.untestedApis.get(api) ?? (target ? `the target file has no "${api}" section` : 'no target was resolved');
  }

  private resultOf(req: Requirement, entry: Verdicts | undefined, target: Target | undefined, expectedReason: string | undefined): RequirementResult {
    const base = {
      id: req.id,
      api: req.api,
      level: req.level,
      seed: req.seed,
      quote: req.quote,
      checks: req.checks,
      ...(expectedReason === undefined ? {} : { expected: { reason: expectedReason } }),
    };
    const tests = { tests: [...(entry?.tests.values() ?? [])], testIds: [...(entry?.tests.keys() ?? [])] };
    if (!entry || entry.records.length === 0) {
      const reason = target?.apis[req.api] && !target.unreachable?.[req.api] ? 'no test that checks it ran (filtered out, or not written yet)' : this.absentReason(req.api, target);
      return { ...base, status: 'untested', reason, ...tests };
    }
    const status = PRECEDENCE.find((s) => entry.records.some((r) => r.status === s)) ?? 'skipped';
    const decisive = entry.records.find((r) => r.status === status);
    const baseUrl = String(target?.apis[req.api]?.baseUrl ?? '');
    return {
      ...base,
      status,
      ...(status !== 'passed' && decisive?.reason ? { reason: decisive.reason } : {}),
      ...(status === 'failed' && decisive?.evidence?.length ? { evidence: decisive.evidence.map((e) => ({ ...e, path: pathOf(e.url, baseUrl) })) } : {}),
      ...(status === 'failed' ? { failedIn: [...entry.failedIn] } : {}),
      ...tests,
    };
  }

  onEnd(): void {
    let target: Target | undefined;
    try {
      target = targetFromEnvironment();
    } catch {
      target = undefined;
    }
    const report = redactDeep(this.buildReport(target));
    const dir = reportDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'conformance.json'), JSON.stringify(report, null, 2));
    writeFileSync(join(dir, 'conformance.html'), renderConformanceHtml(report));
    const t = report.totals;
    console.log(
      `\nconformance (${report.target}): ${t.passed} passed, ${t.failed} failed (${t.mustFailed} MUST, ${t.shouldFailed} SHOULD), ` +
        `${t.skipped} skipped, ${t.unobservable} unobservable, ${t.untested} untested of ${t.total} requirements`,
    );
    for (const r of report.requirements.filter((x) => x.status === 'failed')) {
      const mark = r.expected ? `(expected: ${r.expected.reason}) ` : '';
      console.log(`  ✗ ${r.id} [${r.level}] ${mark}${(r.reason ?? '').split('\n')[1] ?? ''}`.slice(0, 300));
    }
    for (const id of t.gate.fixed) console.log(`  ✓ ${id} is in expectedFailures but passed: fixed, remove it from expectedFailures`);
    for (const title of t.gate.brokenTests) console.log(`  ✗ broken test (failed outside every MUST check): ${title}`.slice(0, 300));
    console.log(`  report: ${join(dir, 'conformance.html')} (data: ${join(dir, 'conformance.json')})`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
