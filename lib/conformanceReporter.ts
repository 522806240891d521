// A Playwright reporter that folds the verdicts recorded by `check` into one status per
// requirement and writes reports/conformance.json. A requirement no test reached is listed as
// untested with the reason, so the report always covers the whole catalog.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FullConfig, Reporter, Suite, TestCase, TestResult } from '@playwright/test/reporter';
import { allRequirements } from './catalogs.ts';
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
  evidence?: Exchange[];
}

export interface ConformanceReport {
  target: string;
  /** APIs whose host could not be reached, with the reason. */
  unreachable: Record<string, string>;
  generatedAt: string;
  totals: Record<Status, number> & { total: number; mustFailed: number; shouldFailed: number };
  apis: Record<string, { tested: boolean; reason?: string } & Record<Status, number>>;
  requirements: RequirementResult[];
}

const PRECEDENCE: VerdictRecord['status'][] = ['failed', 'passed', 'unobservable', 'skipped'];
const LEVELS = new Map(allRequirements().map((r) => [r.id, r.level]));
const UNTESTED_PREFIX = 'untested:';

export function reportDir(): string {
  return process.env.CONFORMANCE_REPORT_DIR ?? 'reports';
}

function emptyCounts(): Record<Status, number> {
  return { passed: 0, failed: 0, skipped: 0, unobservable: 0, untested: 0 };
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
    const byId = new Map<string, { records: VerdictRecord[]; tests: Set<string> }>();
    for (const { test, result } of this.latest.values()) {
      for (const record of this.verdictsOf(test, result)) {
        const entry = byId.get(record.id) ?? { records: [], tests: new Set() };
        entry.records.push(record);
        entry.tests.add(`${test.parent.project()?.name ?? ''} › ${test.titlePath().slice(2).join(' › ')}`);
        byId.set(record.id, entry);
      }
    }
    const requirements = allRequirements().map((req) => this.resultOf(req, byId.get(req.id), target));
    const totals = { ...emptyCounts(), total: requirements.length, mustFailed: 0, shouldFailed: 0 };
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
    if (unreachable) return `the target is unreachable: ${unreachable}`;
    return this.untestedApis.get(api) ?? (target ? `the target file has no "${api}" section` : 'no target was resolved');
  }

  private resultOf(
    req: Requirement,
    entry: { records: VerdictRecord[]; tests: Set<string> } | undefined,
    target: Target | undefined,
  ): RequirementResult {
    const base = { id: req.id, api: req.api, level: req.level, seed: req.seed, quote: req.quote, checks: req.checks };
    if (!entry || entry.records.length === 0) {
      const reason = target?.apis[req.api] && !target.unreachable?.[req.api] ? 'no test that checks it ran (filtered out, or not written yet)' : this.absentReason(req.api, target);
      return { ...base, status: 'untested', reason, tests: entry ? [...entry.tests] : [] };
    }
    const status = PRECEDENCE.find((s) => entry.records.some((r) => r.status === s)) ?? 'skipped';
    const decisive = entry.records.find((r) => r.status === status);
    return {
      ...base,
      status,
      ...(status !== 'passed' && decisive?.reason ? { reason: decisive.reason } : {}),
      ...(status === 'failed' && decisive?.evidence?.length ? { evidence: decisive.evidence } : {}),
      tests: [...entry.tests],
    };
  }

  onEnd(): void {
    let target: Target | undefined;
    try {
      target = targetFromEnvironment();
    } catch {
      target = undefined;
    }
    const report = this.buildReport(target);
    const dir = reportDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'conformance.json'), JSON.stringify(redactDeep(report), null, 2));
    const t = report.totals;
    console.log(
      `\nconformance (${report.target}): ${t.passed} passed, ${t.failed} failed (${t.mustFailed} MUST, ${t.shouldFailed} SHOULD), ` +
        `${t.skipped} skipped, ${t.unobservable} unobservable, ${t.untested} untested of ${t.total} requirements`,
    );
    for (const r of report.requirements.filter((x) => x.status === 'failed')) {
      console.log(`  ✗ ${r.id} [${r.level}] ${(r.reason ?? '').split('\n')[1] ?? ''}`.slice(0, 300));
    }
    console.log(`  report: ${join(dir, 'conformance.json')}`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
