// reports/conformance-junit.xml: the conformance report as JUnit, one testcase per requirement
// (classname the API profile, name the requirement id), so a CI page lists requirements rather
// than Playwright tests (those stay in junit.xml). A failure carries what was expected, what was
// seen and the exchanges with their repro lines; skipped, unobservable and untested carry their
// reason. Every text may come from a hostile target, so all of it is escaped for XML.
import type { ConformanceReport, RequirementResult } from './conformanceReport.ts';
import { failureHeadline } from './verdict.ts';

/** What XML 1.0 cannot carry even as a character reference: C0 controls but tab, LF and CR; lone surrogates; U+FFFE and U+FFFF. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text fit for an XML attribute or element: markup escaped, and what XML cannot carry written as `\uXXXX`. */
export function xmlText(text: string): string {
  return text.replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}

/** An attribute holds one line: a parser would fold its line breaks into spaces anyway. */
const attribute = (text: string) => `"${xmlText(text.replace(/\s*[\r\n]+\s*/g, ' '))}"`;

function failureText(r: RequirementResult): string {
  const exchanges = (r.evidence ?? []).map((e) => `  ${e.method} ${e.path} → ${e.status ?? `no answer: ${e.error ?? 'unknown error'}`}\n  ${e.curl}`);
  return [
    `expected: ${r.checks}`,
    `seen: ${r.reason ?? ''}`,
    ...(exchanges.length ? ['exchanges (repro lines take the secrets from the environment):', ...exchanges] : []),
  ].join('\n');
}

function testcase(r: RequirementResult): string {
  const open = `<testcase classname=${attribute(r.api)} name=${attribute(r.id)}`;
  if (r.status === 'failed') {
    const expected = r.expected ? `expected failure (${r.expected.reason}): ` : '';
    const type = r.expected ? 'expected failure' : `${r.level} failure`;
    return `${open}><failure type=${attribute(type)} message=${attribute(`[${r.level}] ${expected}${failureHeadline(r.reason)}`)}>${xmlText(failureText(r))}</failure></testcase>`;
  }
  if (r.status !== 'passed') return `${open}><skipped message=${attribute(`${r.status}: ${r.reason ?? 'no reason given'}`)}/></testcase>`;
  const fixed = r.expected
    ? `<system-out>${xmlText(`listed in expectedFailures (${r.expected.reason}) but passed: remove it from the list`)}</system-out>`
    : '';
  return fixed ? `${open}>${fixed}</testcase>` : `${open}/>`;
}

const counts = (rows: RequirementResult[]) => {
  const failures = rows.filter((r) => r.status === 'failed').length;
  const skipped = rows.filter((r) => r.status !== 'failed' && r.status !== 'passed').length;
  return `tests="${rows.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
};

export function renderConformanceJunit(report: ConformanceReport): string {
  const suites = Object.keys(report.apis).map((api) => {
    const rows = report.requirements.filter((r) => r.api === api);
    return `<testsuite name=${attribute(api)} ${counts(rows)} timestamp=${attribute(report.generatedAt)}>\n${rows.map(testcase).join('\n')}\n</testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name=${attribute(`conformance: ${report.target}`)} ${counts(report.requirements)}>\n${suites.join('\n')}\n</testsuites>\n`;
}
