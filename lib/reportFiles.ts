// The files of a conformance report and the summary said at the end: what a run's reporter and the
// merge of shards both write, from one (redacted) ConformanceReport.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderConformanceHtml } from './conformanceHtml.ts';
import { renderConformanceJunit } from './conformanceJunit.ts';
import { describeDriving, webhookSilence, type ConformanceReport } from './conformanceReport.ts';
import { failureHeadline } from './verdict.ts';

export const REPORT_FILES = { json: 'conformance.json', html: 'conformance.html', junit: 'conformance-junit.xml' } as const;

export function writeReportFiles(dir: string, report: ConformanceReport): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, REPORT_FILES.json), JSON.stringify(report, null, 2));
  writeFileSync(join(dir, REPORT_FILES.html), renderConformanceHtml(report));
  writeFileSync(join(dir, REPORT_FILES.junit), renderConformanceJunit(report));
}

/** The totals, every failed requirement, what the gate noticed, and where the files are. */
export function summaryLines(report: ConformanceReport, dir: string): string[] {
  const t = report.totals;
  const lines = [
    `conformance (${report.target}): ${t.passed} passed, ${t.failed} failed (${t.mustFailed} MUST, ${t.shouldFailed} SHOULD), ` +
      `${t.skipped} skipped, ${t.unobservable} unobservable, ${t.untested} untested of ${t.total} requirements`,
  ];
  for (const r of report.requirements.filter((x) => x.status === 'failed')) {
    const mark = r.expected ? `(expected: ${r.expected.reason}) ` : '';
    lines.push(`  ✗ ${r.id} [${r.level}] ${mark}${failureHeadline(r.reason)}`.slice(0, 300));
  }
  for (const id of t.gate.fixed) lines.push(`  ✓ ${id} is in expectedFailures but passed: fixed, remove it from expectedFailures`);
  for (const title of t.gate.brokenTests) lines.push(`  ✗ broken test (failed outside every check): ${title}`.slice(0, 300));
  for (const r of report.requirements.filter((x) => x.coverage?.stopped))
    lines.push(`  … ${r.id} passed on ${r.coverage!.checked} of ${r.coverage!.total} generated cases: ${r.coverage!.stopped}`);
  for (const [api, d] of Object.entries(report.driving ?? {})) lines.push(`  ${api}: ${describeDriving(d)}`);
  if (report.otherApis?.length) lines.push(`  not in this run: ${report.otherApis.join(', ')}`);
  if (report.stoppedEarly) lines.push(`  ! ${report.stoppedEarly}: what it did not reach is untested`);
  const silence = webhookSilence(report);
  if (silence) lines.push(`  ! ${silence}`);
  for (const [api, d] of Object.entries(report.driving ?? {})) {
    for (const o of (d.objects ?? []).filter((x) => x.left))
      lines.push(`  ! ${api}: ${o.resource} ${JSON.stringify(o.id)} (created by ${o.createdBy}) is still on the target: ${o.left}`.slice(0, 300));
  }
  lines.push(`  report: ${join(dir, REPORT_FILES.html)} (data: ${join(dir, REPORT_FILES.json)}, JUnit per requirement: ${join(dir, REPORT_FILES.junit)})`);
  return lines;
}

/**
 * The run's last line and how it ends, from its gate alone: Playwright also fails a run for an
 * expected failure, or for a test the harness stopped (its time or budget ran out), and neither is
 * a failure of the target.
 */
export function gateVerdict(report: ConformanceReport, label: string): { outcome: 'mustFailed' | 'unreachable' | 'passed'; line: string } {
  const { gate, passed, failed, unobservable, skipped, untested } = report.totals;
  const expectedNote = gate.expectedFailures.length ? `; ${gate.expectedFailures.length} expected failure(s) still fail` : '';
  if (!gate.passed) {
    const why = [
      gate.newFailures.length &&
        `${gate.newFailures.length} new ${gate.level === 'MUST' ? 'MUST' : 'MUST or SHOULD'} failure(s): ${gate.newFailures.join(', ')}`,
      gate.brokenTests.length && `${gate.brokenTests.length} test(s) broke outside every MUST check`,
    ].filter(Boolean);
    return { outcome: 'mustFailed', line: `${label}: FAILED (${why.join('; ')}${expectedNote})` };
  }
  const unreachable = Object.keys(report.unreachable);
  if (unreachable.length) return { outcome: 'unreachable', line: `${label}: unreachable: ${unreachable.join(', ')}` };
  // Nothing failed because nothing was judged (a budget spent before the first check): passed, and said plainly.
  const nothingJudged = passed + failed + unobservable === 0 ? `, but judged nothing (${skipped} skipped, ${untested} untested)` : '';
  return { outcome: 'passed', line: `${label}: passed${nothingJudged}${expectedNote}` };
}
