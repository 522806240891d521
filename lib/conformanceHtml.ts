// reports/conformance.html: the conformance report as a page a vendor opens straight from disk,
// built from the same data as conformance.json. Self-contained (inline style and script, no
// external resource, no server) and safe on a hostile target's output: every text is escaped, no
// data is ever placed inside the script, and a Content-Security-Policy lets only this page's own
// style and script run.
import { createHash } from 'node:crypto';
import { describeDriving, webhookSilence, type ConformanceReport, type EvidenceExchange, type RequirementResult } from './conformanceReport.ts';
import type { Status } from './verdict.ts';

const STATUSES: Status[] = ['passed', 'failed', 'skipped', 'unobservable', 'untested'];

/** Where the Playwright HTML report lies, relative to conformance.html (both under the report folder). */
export const PLAYWRIGHT_REPORT = 'html/index.html';

/** The Playwright HTML report's address of one test (its router reads `#?testId=`). */
export const testLink = (testId: string) => `${PLAYWRIGHT_REPORT}#?testId=${encodeURIComponent(testId)}`;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (text: unknown) => String(text).replace(/[&<>"']/g, (c) => ESCAPES[c]);

const STYLE = `
:root { --fail: #b3261e; --pass: #1b6e3a; --warn: #8a5a00; --muted: #5f6368; --line: #dadce0; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, "DejaVu Sans", sans-serif; margin: 0 auto; padding: 16px 24px 48px; max-width: 1400px; color: #202124; overflow-wrap: anywhere; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 4px; padding: 8px; margin: 4px 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 360px; overflow: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); }
#requirements { table-layout: fixed; }
#requirements col.id { width: 22%; } #requirements col.level { width: 6.5em; } #requirements col.status { width: 9em; } #requirements col.tests { width: 22%; }
th { background: var(--soft); font-weight: 600; }
.muted { color: var(--muted); }
.badge { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid currentColor; }
.s-passed { color: var(--pass); } .s-failed { color: var(--fail); } .s-skipped, .s-expected { color: var(--warn); }
.s-unobservable, .s-untested { color: var(--muted); } .s-fixed { color: var(--pass); }
.l-MUST { font-weight: 700; }
.gate { border: 2px solid var(--pass); border-radius: 6px; padding: 8px 14px; margin: 12px 0; }
.gate.failed { border-color: var(--fail); }
.gate h2 { margin: 4px 0; }
.gate ul { margin: 4px 0; padding-left: 20px; }
blockquote { margin: 4px 0; padding-left: 10px; border-left: 3px solid var(--line); }
ul.tests, ul.reasons { margin: 0; padding-left: 16px; }
#filters { display: flex; flex-wrap: wrap; gap: 12px; align-items: end; margin: 8px 0; position: sticky; top: 0; background: #fff; padding: 8px 0; z-index: 1; border-bottom: 1px solid var(--line); }
#filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
#filters select, #filters input { font: inherit; padding: 3px 4px; }
tbody.req.failed { background: #fff7f6; }
tbody.req { scroll-margin-top: 72px; }
tbody.req:target { outline: 2px solid #1a73e8; }
details.evidence > summary { cursor: pointer; color: var(--fail); font-weight: 600; }
.exchange { border: 1px solid var(--line); border-radius: 4px; padding: 6px 10px; margin: 8px 0; }
.exchange .line { font-weight: 600; }
.exchange .grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 8px; }
.exchange h4 { margin: 6px 0 0; font-size: 12px; color: var(--muted); }
td.detail { padding-top: 0; }
`;

// Filters live in the address (#api=...&level=...&status=...&text=...), so a view can be linked
// to and survives a reload; #req-<id> opens one requirement with every filter cleared.
const SCRIPT = `
const form = document.getElementById('filters');
const rows = Array.from(document.querySelectorAll('tbody.req'));
function apply() {
  const f = Object.fromEntries(new FormData(form));
  const text = String(f.text || '').toLowerCase();
  let shown = 0;
  for (const row of rows) {
    const d = row.dataset;
    const status = !f.status || d.status === f.status || (f.status === 'expected' && d.expected === 'true');
    const ok = (!f.api || d.api === f.api) && (!f.level || d.level === f.level) && status && (!text || row.textContent.toLowerCase().includes(text));
    row.hidden = !ok;
    if (ok) shown++;
  }
  document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' requirements shown';
}
function fromHash() {
  const raw = location.hash.slice(1);
  const params = new URLSearchParams(raw.includes('=') ? raw : '');
  for (const name of ['api', 'level', 'status', 'text']) {
    const value = params.get(name) || '';
    // Only on a change: rewriting the text box as one types would move the caret.
    if (form.elements[name].value !== value) form.elements[name].value = value;
  }
  apply();
  if (raw.startsWith('req-')) {
    const row = document.getElementById(decodeURIComponent(raw));
    if (row) {
      row.querySelectorAll('details').forEach((d) => { d.open = true; });
      row.scrollIntoView();
    }
  }
}
form.addEventListener('input', () => {
  const params = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (v) params.set(k, String(v));
  location.hash = params.toString();
});
form.addEventListener('submit', (e) => e.preventDefault());
window.addEventListener('hashchange', fromHash);
fromHash();
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

function badge(cls: string, text: string, title?: string): string {
  return `<span class="badge ${cls}"${title ? ` title="${esc(title)}"` : ''}>${esc(text)}</span>`;
}

const reqLink = (id: string) => `<a href="#req-${esc(id)}"><code>${esc(id)}</code></a>`;

function pretty(body: string | undefined): string {
  if (body === undefined || body === '') return '(empty)';
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

const headerLines = (headers: Record<string, string> | undefined) =>
  Object.entries(headers ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n') || '(none)';

function exchangeHtml(e: EvidenceExchange, index: number): string {
  const outcome = e.status === undefined ? `no answer: ${e.error ?? 'unknown error'}` : String(e.status);
  return `<div class="exchange" data-exchange="${index}">
<div class="line"><code data-field="method">${esc(e.method)}</code> <code data-field="path">${esc(e.path)}</code> → <span data-field="status">${esc(outcome)}</span> <span class="muted">${esc(Math.round(e.elapsedMs))} ms, ${esc(e.at)}</span></div>
<h4>Repro (secrets as the environment variables that hold them)</h4><pre data-field="curl">${esc(e.curl)}</pre>
<div class="grid">
<div><h4>Request headers</h4><pre data-field="requestHeaders">${esc(headerLines(e.requestHeaders))}</pre><h4>Request body</h4><pre data-field="requestBody">${esc(pretty(e.requestBody))}</pre></div>
<div><h4>Response headers</h4><pre data-field="responseHeaders">${esc(headerLines(e.responseHeaders))}</pre><h4>Response body</h4><pre data-field="responseBody">${esc(pretty(e.responseBody))}</pre></div>
</div></div>`;
}

function detailHtml(r: RequirementResult): string {
  if (r.status === 'failed') {
    const exchanges = r.evidence ?? [];
    return `<details class="evidence"><summary>Evidence: ${exchanges.length} exchange${exchanges.length === 1 ? '' : 's'}, and what was expected</summary>
<h4>Expected</h4><p data-field="expected">${esc(r.checks)}</p>
<h4>What happened</h4><pre data-field="reason">${esc(r.reason ?? '')}</pre>
${exchanges.map(exchangeHtml).join('\n') || '<p class="muted">No HTTP exchange was made inside the check.</p>'}
</details>`;
  }
  const coverage = r.coverage?.stopped
    ? `<p class="muted" data-field="coverage">Passed on ${esc(r.coverage.checked)} of ${esc(r.coverage.total)} generated cases: ${esc(r.coverage.stopped)}.</p>`
    : '';
  return coverage + (r.reason ? `<p class="muted" data-field="reason">${esc(r.reason)}</p>` : '');
}

/** How the run drove each API: latency, clock, requests, throttling, rate. */
function drivingHtml(report: ConformanceReport): string {
  const rows = Object.entries(report.driving ?? {}).map(([api, d]) => `<tr><td>${esc(api)}</td><td data-field="driving">${esc(describeDriving(d))}</td></tr>`);
  return rows.length ? `<table id="driving"><thead><tr><th>API</th><th>how the run drove it</th></tr></thead>${rows.join('')}</table>` : '';
}

function requirementHtml(r: RequirementResult): string {
  const marks = [badge(`s-${r.status}`, r.status)];
  if (r.expected && r.status === 'passed') marks.push(badge('s-fixed', 'fixed: remove from expectedFailures', r.expected.reason));
  else if (r.expected) marks.push(badge('s-expected', 'expected failure', r.expected.reason));
  const expected = r.expected ? `<div class="muted">expectedFailures: ${esc(r.expected.reason)}</div>` : '';
  const tests = r.tests.length
    ? `<ul class="tests">${r.tests.map((title, i) => `<li><a data-test-link href="${esc(testLink(r.testIds[i] ?? ''))}">${esc(title)}</a></li>`).join('')}</ul>`
    : '<span class="muted">none ran</span>';
  const detail = detailHtml(r);
  return `<tbody class="req ${esc(r.status)}" id="req-${esc(r.id)}" data-id="${esc(r.id)}" data-api="${esc(r.api)}" data-level="${esc(r.level)}" data-status="${esc(r.status)}" data-expected="${r.expected ? 'true' : 'false'}">
<tr><td><code>${esc(r.id)}</code></td><td class="l-${esc(r.level)}">${esc(r.level)}</td><td>${marks.join(' ')}${expected}</td>
<td><div class="muted">${esc(r.seed)}</div><blockquote>${esc(r.quote)}</blockquote><div class="muted">checks: ${esc(r.checks)}</div></td><td>${tests}</td></tr>
${detail ? `<tr><td></td><td colspan="4" class="detail">${detail}</td></tr>` : ''}
</tbody>`;
}

/** Distinct reasons with how many requirements gave each, for the per-API summary. */
function reasonList(rows: RequirementResult[], status: Status): string {
  const counts = new Map<string, number>();
  for (const r of rows.filter((x) => x.status === status)) counts.set(r.reason ?? '', (counts.get(r.reason ?? '') ?? 0) + 1);
  if (!counts.size) return '';
  const items = [...counts].map(([reason, n]) => `<li>${esc(status)} ×${n}: ${esc(reason || 'no reason given')}</li>`);
  return `<ul class="reasons" data-reasons="${esc(status)}">${items.join('')}</ul>`;
}

function summaryHtml(report: ConformanceReport): string {
  const rows = Object.entries(report.apis).map(([api, counts]) => {
    const mine = report.requirements.filter((r) => r.api === api);
    const ratio = (level: string) => {
      const atLevel = mine.filter((r) => r.level === level);
      return `${atLevel.filter((r) => r.status === 'passed').length}/${atLevel.length}`;
    };
    const filter = (status: Status) => `<a href="#api=${esc(api)}&amp;status=${status}">${counts[status]}</a>`;
    const notes = counts.tested
      ? reasonList(mine, 'skipped') + reasonList(mine, 'untested')
      : `<span data-reasons="api">not tested: ${esc(counts.reason ?? '')}</span>`;
    return `<tr data-api="${esc(api)}"><th><a href="#api=${esc(api)}">${esc(api)}</a></th><td data-cell="must">${ratio('MUST')}</td><td data-cell="should">${ratio('SHOULD')}</td>
${STATUSES.filter((s) => s !== 'passed')
  .map((s) => `<td data-cell="${s}">${filter(s)}</td>`)
  .join('')}<td>${notes}</td></tr>`;
  });
  return `<table id="summary"><thead><tr><th>API</th><th>MUST passed/total</th><th>SHOULD passed/total</th>${STATUSES.filter((s) => s !== 'passed')
    .map((s) => `<th>${s}</th>`)
    .join('')}<th>reasons</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function gateHtml(report: ConformanceReport): string {
  const g = report.totals.gate;
  const list = (title: string, ids: string[], field: string) =>
    ids.length ? `<p>${esc(title)}:</p><ul data-gate="${field}">${ids.map((id) => `<li>${reqLink(id)}</li>`).join('')}</ul>` : '';
  const broken = g.brokenTests.length
    ? `<p>Tests that failed outside every MUST check:</p><ul data-gate="brokenTests">${g.brokenTests.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`
    : '';
  const levels = g.level === 'SHOULD' ? 'MUST and SHOULD' : 'MUST';
  return `<section class="gate ${g.passed ? 'passed' : 'failed'}" id="gate"><h2>Gate (${levels}): ${g.passed ? 'passed' : 'failed'}</h2>
${g.passed && !g.expectedFailures.length ? `<p>Every ${levels} requirement that was tested held.</p>` : ''}
${list(`New ${levels} failures (not in expectedFailures)`, g.newFailures, 'newFailures')}${broken}
${list('Expected failures that still fail', g.expectedFailures, 'expectedFailures')}
${list('Expected failures that now pass: fixed, remove them from expectedFailures', g.fixed, 'fixed')}
</section>`;
}

function filtersHtml(report: ConformanceReport): string {
  const select = (name: string, label: string, options: string[]) =>
    `<label>${label}<select name="${name}"><option value="">all</option>${options.map((o) => `<option value="${esc(o)}">${esc(o)}</option>`).join('')}</select></label>`;
  return `<form id="filters">${select('api', 'API', Object.keys(report.apis))}${select('level', 'Level', ['MUST', 'SHOULD'])}${select('status', 'Status', [...STATUSES, 'expected'])}
<label>Text<input name="text" type="search" placeholder="id, quote, reason…"></label><output id="shown"></output></form>`;
}

export function renderConformanceHtml(report: ConformanceReport): string {
  const t = report.totals;
  /** What kept the run from judging everything: APIs it could not use, an end before every test ran, a webhook sink nothing reached. */
  const notices = [
    ...Object.entries(report.unreachable).map(([api, reason]) => `${api} is unreachable: ${reason}`),
    report.stoppedEarly && `${report.stoppedEarly}: what it did not reach is untested`,
    webhookSilence(report),
  ]
    .filter((notice): notice is string => Boolean(notice))
    .map((notice) => `<p class="s-failed">${esc(notice)}</p>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${sha256(STYLE)}; script-src ${sha256(SCRIPT)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Conformance: ${esc(report.target)}</title>
<style>${STYLE}</style></head>
<body>
<h1>Conformance report: <span id="target">${esc(report.target)}</span></h1>
<p class="muted">Generated ${esc(report.generatedAt)}. <span id="totals">${t.passed} passed, ${t.failed} failed (${t.mustFailed} MUST, ${t.shouldFailed} SHOULD), ${t.skipped} skipped, ${t.unobservable} unobservable, ${t.untested} untested of ${t.total} requirements.</span>
Each test's steps are in the <a href="${PLAYWRIGHT_REPORT}">Playwright report</a>.</p>
${notices}
${gateHtml(report)}
<h2>Per API</h2>
${summaryHtml(report)}
${report.otherApis?.length ? `<p class="muted" id="other-apis">Not in this run: ${esc(report.otherApis.join(', '))}.</p>` : ''}
${drivingHtml(report)}
<h2>Requirements</h2>
${filtersHtml(report)}
<table id="requirements"><colgroup><col class="id"><col class="level"><col class="status"><col><col class="tests"></colgroup><thead><tr><th>id</th><th>level</th><th>status</th><th>document</th><th>tests</th></tr></thead>
${report.requirements.map(requirementHtml).join('\n')}
</table>
<script>${SCRIPT}</script>
</body></html>
`;
}
