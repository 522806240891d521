// What the kind's specs share: declaring tests per derived operation (each API's in a describe
// block its project keeps, each test tagged with the requirement keys it judges), the token as the
// section holds it, and judging many exchanges at once with the ones that failed as evidence — and
// only exchanges of the kind a check judges: a check that saw none is skipped, saying why.
import { test as conformance } from '../../fixtures/conformance.ts';
import { describeExchange, type Exchange, type HttpClient, type Reply, type RequestSpec } from '../../lib/httpClient.ts';
import { describeTitle, isOpenApiAdapter, openApiAdapters, type DerivedApi } from '../../lib/openapi/adapter.ts';
import type { Operation, RequestInstance } from '../../lib/openapi/operations.ts';
import { answerProblems, isJudgedAnswer, toRequestSpec, validRequests, type TokenUse } from '../../lib/openapi/requests.ts';
import { adapterOf } from '../../lib/registry.ts';
import { checksOf, keyOf, type Check } from '../../lib/openapi/requirements.ts';
import { is4xx } from '../../lib/statusExpectations.ts';
import { NotJudged } from '../../lib/verdict.ts';
import { CreatedObjects, type Made } from './objects.ts';
import type { Resource } from '../../lib/openapi/lifecycles.ts';

/** The kind's fixtures: the conformance ones, and the objects the test creates, removed when it ends. */
export const test = conformance.extend<{ objects: CreatedObjects }>({
  objects: async ({ section, run, apiName, request }, use, info) => {
    const adapter = adapterOf(apiName);
    if (!isOpenApiAdapter(adapter)) throw new Error(`${apiName} is not an API of the OpenAPI kind`);
    const objects = new CreatedObjects(
      adapter.openapi,
      { baseUrl: String(section.baseUrl), token: tokenOf(section) },
      { run, test: info.titlePath.slice(1).join(' › ') },
    );
    await use(objects);
    await objects.removeAll(request);
  },
});

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
const unlessRefused = (a: Answered) => (is4xx(a.reply.status) ? undefined : `answered ${a.reply.status}, not a 4xx`);

/** An answer and the exchange that carried it. */
export interface Answered {
  title: string;
  reply: Reply;
  exchange: Exchange;
}

/** Sends a request and keeps its answer with the exchange. */
export async function answerOf(http: HttpClient, journal: Exchange[], title: string, spec: RequestSpec): Promise<Answered> {
  const reply = await http.send(spec);
  return { title, reply, exchange: journal.at(-1)! };
}

/** Creates objects of a resource from its create's first valid request, for a test to ask about (undefined when the create is refused). */
export function creator(
  context: { http: HttpClient; journal: Exchange[]; objects: CreatedObjects },
  api: DerivedApi,
  token: TokenUse | undefined,
): (r: Resource) => Promise<Made | undefined> {
  return async (r) => {
    const drawn = validRequests(api.doc, r.create, 1)[0];
    if (!drawn) return undefined;
    const created = await answerOf(
      context.http,
      context.journal,
      `create an object to ask about (${drawn.title})`,
      toRequestSpec(r.create, drawn.instance, token),
    );
    return context.objects.follow(r.create, drawn.instance, created.reply.status, created.reply.json);
  };
}

/** Sends a drawn request of an operation with a token; an object it creates is followed, to be removed when the test ends. */
export async function sendDrawn(
  context: { http: HttpClient; journal: Exchange[]; objects: CreatedObjects },
  op: Operation,
  title: string,
  instance: RequestInstance,
  token: TokenUse | undefined,
): Promise<Answered> {
  const answered = await answerOf(context.http, context.journal, title, toRequestSpec(op, instance, token));
  context.objects.follow(op, instance, answered.reply.status, answered.reply.json);
  return answered;
}

/** A refusal of the credential (401, 403): the request did not reach the operation. */
export const refusedCredential = (a: Answered) => a.reply.status === 401 || a.reply.status === 403;

/** The statuses of some answers, counted: `404 ×3, 400`. */
export function statusesOf(answers: readonly Answered[]): string {
  const counts = new Map<number, number>();
  for (const a of answers) counts.set(a.reply.status, (counts.get(a.reply.status) ?? 0) + 1);
  return [...counts].map(([status, n]) => (n > 1 ? `${status} ×${n}` : String(status))).join(', ');
}

/** What a refusal of the credential to a request with the section's token (or none the document asks for) may mean. */
export const CREDENTIAL_HINT = "the section's token may be wrong, or the operation takes one the document does not declare";

/** Why nothing was judged when every answer was a refusal of the credential. */
export const refusedAll = (answers: readonly Answered[]) => `every request was refused ${statusesOf(answers)}: ${CREDENTIAL_HINT}`;

/**
 * Judges every answer; when some fail, the exchanges that showed it become the check's last
 * evidence (the journal keeps them again at its end) and one error names up to three of them.
 * With no answer to judge, the check judged nothing: it is skipped, saying `unjudged`.
 */
export function judgeEach(
  journal: Exchange[],
  answers: readonly Answered[],
  problemOf: (a: Answered) => string | undefined,
  what: string,
  unjudged: string,
): void {
  if (answers.length === 0) throw new NotJudged(unjudged);
  const failed = answers.flatMap((a) => {
    const problem = problemOf(a);
    return problem ? [{ ...a, problem }] : [];
  });
  if (failed.length === 0) return;
  journal.push(...failed.slice(0, 3).map((f) => f.exchange));
  const shown = failed.slice(0, 3).map((f) => `- ${f.title}: ${f.problem}\n${describeExchange(f.exchange)}`);
  throw new Error(`${failed.length} of ${answers.length} ${what}:\n${shown.join('\n')}${failed.length > 3 ? `\n… and ${failed.length - 3} more` : ''}`);
}

/**
 * Judges refusals against their control, the valid request with the section's token that they
 * vary by one thing: every one must be a 4xx, and one at least must say what the control's answer
 * does not (the control was not refused, or was refused with another status) — else a refusal
 * for the one thing cannot be told from the control's own, and nothing was judged.
 */
export function judgeRefusals(journal: Exchange[], control: Answered, answers: readonly Answered[], what: string): void {
  judgeEach(journal, answers, unlessRefused, what, 'no request was sent');
  if (!is4xx(control.reply.status) || answers.some((a) => a.reply.status !== control.reply.status)) return;
  const why = refusedCredential(control) ? CREDENTIAL_HINT : 'a refusal for what they change cannot be told from it';
  throw new NotJudged(`${control.title} was itself refused ${control.reply.status}, and so was every one of them: ${why}`);
}

/**
 * Judges the answers whose status the operation documents with a JSON schema (response-schema).
 * A documented refusal of the credential is judged too, but alone it says nothing of the
 * operation: with no other, nothing was judged, for the reason `none`.
 */
export function judgeSchemas(journal: Exchange[], api: DerivedApi, op: Operation, answers: readonly Answered[], what: string, none: string): void {
  const judged = answers.filter((a) => isJudgedAnswer(op, a.reply));
  judgeEach(journal, judged, (a) => answerProblems(api.doc, op, a.reply).join('; ') || undefined, what, none);
  if (judged.every(refusedCredential)) throw new NotJudged(none);
}
