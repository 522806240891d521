// What the kind's specs share: declaring tests per derived operation (each API's in a describe
// block its project keeps, each test tagged with the requirement keys it judges), the token as the
// section holds it, and judging many exchanges at once with the ones that failed as evidence.
import { test } from '../../fixtures/conformance.ts';
import { describeExchange, type Exchange, type Reply } from '../../lib/httpClient.ts';
import { describeTitle, openApiAdapters, type DerivedApi } from '../../lib/openapi/adapter.ts';
import type { Operation } from '../../lib/openapi/operations.ts';
import type { TokenUse } from '../../lib/openapi/requests.ts';
import { checksOf, keyOf, type Check } from '../../lib/openapi/requirements.ts';
import { is4xx } from '../../lib/statusExpectations.ts';

export { test };

/** Declares tests for every operation of every document that gets checks, within its API's describe block. */
export function eachOperation(declare: (api: DerivedApi, op: Operation, checks: Check[]) => void): void {
  for (const { openapi: api } of openApiAdapters()) {
    test.describe(describeTitle(api.profile), () => {
      for (const op of api.operations) {
        const checks = checksOf(op, api.catalogue);
        if (checks.length) declare(api, op, checks);
      }
    });
  }
}

/** The tags of a test judging these checks of an operation: `@getItem.documented-status`. */
export const tagsOf = (op: Operation, checks: readonly Check[]) => checks.map((c) => `@${keyOf(op, c)}`);

/** The section's token (a placeholder in workers), as requests carry it. */
export const tokenOf = (section: Record<string, unknown>): TokenUse | undefined => (typeof section.token === 'string' ? { value: section.token } : undefined);

/** The problem of an answer that should have been a refusal: none when it is a 4xx. */
export const unlessRefused = (a: Answered) => (is4xx(a.reply.status) ? undefined : `answered ${a.reply.status}, not a 4xx`);

/** An answer and the exchange that carried it. */
export interface Answered {
  title: string;
  reply: Reply;
  exchange: Exchange;
}

/**
 * Judges every answer; when some fail, the exchanges that showed it become the check's last
 * evidence (the journal keeps them again at its end) and one error names up to three of them.
 */
export function judgeEach(journal: Exchange[], answers: readonly Answered[], problemOf: (a: Answered) => string | undefined, what: string): void {
  const failed = answers.flatMap((a) => {
    const problem = problemOf(a);
    return problem ? [{ ...a, problem }] : [];
  });
  if (failed.length === 0) return;
  journal.push(...failed.slice(0, 3).map((f) => f.exchange));
  const shown = failed.slice(0, 3).map((f) => `- ${f.title}: ${f.problem}\n${describeExchange(f.exchange)}`);
  throw new Error(`${failed.length} of ${answers.length} ${what}:\n${shown.join('\n')}${failed.length > 3 ? `\n… and ${failed.length - 3} more` : ''}`);
}
