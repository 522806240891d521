// Verdicts per requirement. A test records one verdict per check as a JSON attachment; the
// conformance reporter folds them into one status per requirement. MUST failures fail the test;
// SHOULD failures are recorded and annotated but leave the test green (like Autobahn's
// "non-strict"), so the exit code reflects MUST requirements only.
import type { TestInfo } from '@playwright/test';
import type { TestResult } from '@playwright/test/reporter';
import type { Coverage } from './budget.ts';
import { HARNESS_STOPPED as HARNESS_GAVE_UP, type Exchange } from './httpClient.ts';
import { redactDeep, redactSecrets } from './redactSecrets.ts';
import type { Requirement } from './requirements.ts';

export type Status = 'passed' | 'failed' | 'skipped' | 'unobservable' | 'untested';

export interface VerdictRecord {
  id: string;
  status: Exclude<Status, 'untested'>;
  reason?: string;
  evidence?: Exchange[];
  /** For a check over generated cases: how many it checked of how many, and why it stopped early. */
  coverage?: Coverage;
}

/**
 * Thrown by a check that cannot judge: it saw no exchange of the kind it judges (every valid
 * request refused for the credential, no answer with a documented schema), or what it needs is
 * used up (the declared fixture questions). It judged nothing, so it is recorded skipped with the
 * message as the reason, and the test goes on to its other checks.
 */
export class NotJudged extends Error {}

export const VERDICT_ATTACHMENT = 'conformance-verdict';

/**
 * The annotation a test adds for a requirement it is tagged with but did not observe (the Chat
 * API's webhook waits, against a target without a webhook): the report lists it untested, not
 * "not reached" behind another check's failure. Its description is the requirement's key.
 */
export const NOT_OBSERVED = 'not observed';
const EVIDENCE_KEPT = 8;

export async function recordVerdict(info: TestInfo, record: VerdictRecord): Promise<void> {
  const safe = redactDeep({ ...record, evidence: record.evidence?.slice(-EVIDENCE_KEPT) });
  await info.attach(VERDICT_ATTACHMENT, { body: JSON.stringify(safe, null, 2), contentType: 'application/json' });
}

/** The verdicts a test recorded, read back from its result's attachments (in the runner: reporters). */
export function verdictsOf(result: Pick<TestResult, 'attachments'>): VerdictRecord[] {
  const records: VerdictRecord[] = [];
  for (const a of result.attachments) {
    if (a.name !== VERDICT_ATTACHMENT || !a.body) continue;
    try {
      records.push(JSON.parse(a.body.toString('utf8')) as VerdictRecord);
    } catch {
      // An attachment we did not write; ignore it.
    }
  }
  return records;
}

/** The title of a check's step: the id, the level and the document's words. */
export function checkTitle(req: Requirement): string {
  const quote = req.quote.length > 160 ? `${req.quote.slice(0, 157)}...` : req.quote;
  return `${req.id} [${req.level}] «${quote}»`;
}

// Playwright's matcher messages carry terminal colours; reports are read elsewhere.
const ANSI = /\u001b\[[0-9;]*m/g;
export const stripAnsi = (text: string) => text.replace(ANSI, '');

/** Matchers print the whole received value: a hostile 4 MB body must not become a 4 MB reason. */
const MESSAGE_CAP = 8 * 1024;

/** A failure's reason in one line: what happened, after failureMessage's opening line that names the requirement. */
export function failureHeadline(reason = ''): string {
  const [first, second] = reason.split('\n');
  return second ?? first;
}

export function failureMessage(req: Requirement, err: unknown): string {
  const full = stripAnsi(err instanceof Error ? err.message : String(err));
  const message = full.length > MESSAGE_CAP ? `${full.slice(0, MESSAGE_CAP)}… [${full.length - MESSAGE_CAP} more characters]` : full;
  return redactSecrets(`${req.id} [${req.level}] ${req.checks}\n${message}`);
}

/** Test statuses that are the harness's own stop (its time for the test ran out, or the run was interrupted). */
const STOPPED_BY_STATUS: Partial<Record<TestResult['status'], string>> = {
  timedOut: "the harness's time for this test ran out",
  interrupted: 'the run was interrupted',
};

/** Why the harness, not the target, ended a test that did not pass — undefined when it did not. */
export function harnessStop(status: TestResult['status'], error: string): string | undefined {
  return STOPPED_BY_STATUS[status] ?? (error.includes(HARNESS_GAVE_UP) ? 'the target kept asking the harness to slow down' : undefined);
}
