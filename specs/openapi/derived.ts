// What the kind's specs share: declaring tests per derived operation (each API's in its describe
// block, fixtures/perProfile.ts; each test tagged with the requirement keys it judges), the token as the
// section holds it, sending drawn requests as generated cases, and judging their answers — only
// answers of the kind a check judges: a check that saw none is skipped, saying why.
import { test as conformance, expect, type EachCase } from '../../fixtures/conformance.ts';
import { withoutSteps } from '../../fixtures/withoutSteps.ts';
import { isAccepted, isRefusal, type Validator } from '../../lib/expectations.ts';
import { describeExchange, type HttpClient, type Reply, type RequestSpec } from '../../lib/httpClient.ts';
import { isOpenApiAdapter, openApiAdapters, type DerivedApi } from '../../lib/openapi/adapter.ts';
import { inRunProfiles } from '../../lib/apiScope.ts';
import { forProfile } from '../../fixtures/perProfile.ts';
import type { Operation, RequestInstance } from '../../lib/openapi/operations.ts';
import { answerProblems, isJudgedAnswer, toRequestSpec, validRequests, type TokenUse } from '../../lib/openapi/requests.ts';
import { adapterOf } from '../../lib/registry.ts';
import { checksOf, keyOf, type Check } from '../../lib/openapi/requirements.ts';
import { NotJudged } from '../../lib/verdict.ts';
import { aboutOwnObjects, CreatedObjects, type Made } from './objects.ts';
import type { Resource } from '../../lib/openapi/lifecycles.ts';

/** The kind's fixtures: the conformance ones, and the objects the test creates, removed when it ends. */
export const test = conformance.extend<{ objects: CreatedObjects }>(
  withoutSteps({
    objects: async ({ section, run, apiName, http }, use, info) => {
      const adapter = adapterOf(apiName);
      if (!isOpenApiAdapter(adapter)) throw new Error(`${apiName} is not an API of the OpenAPI kind`);
      const objects = new CreatedObjects(
        adapter.openapi,
        { baseUrl: String(section.baseUrl), token: tokenOf(section) },
        { run, test: info.titlePath.slice(1).join(' › ') },
      );
      await use(objects);
      // With the test's own client, before it closes: its journal, and so its requests attachment, lists the removals too.
      await objects.removeAll(http);
    },
  }),
);

/** The APIs of this kind the run declares tests for. */
export function derivedApisOfRun(): DerivedApi[] {
  const all = openApiAdapters().map((a) => a.openapi);
  const ofRun = inRunProfiles(all.map((api) => api.profile));
  return all.filter((api) => ofRun.includes(api.profile));
}

/** Declares tests for every operation of every document that gets checks, within its API's describe block. */
export function eachOperation(declare: (api: DerivedApi, op: Operation, checks: Check[]) => void): void {
  for (const api of derivedApisOfRun()) {
    forProfile(test, api.profile, () => {
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

/** An answer and what the request it answers was (the reply carries its exchange). */
export interface Answered {
  title: string;
  reply: Reply;
}

/** Sends a request and keeps its answer with its title. */
export async function answerOf(http: HttpClient, title: string, spec: RequestSpec): Promise<Answered> {
  return { title, reply: await http.send(spec) };
}

/** What the specs send requests with. */
type Sending = { http: HttpClient; objects: CreatedObjects };

/** A drawn request, with the token it is sent with when it is not the section's. */
type Drawn = { title: string; instance: RequestInstance; token?: TokenUse };

/** The token a drawn request is sent with: its own, else the section's. */
const tokenIn = (r: Drawn, token: TokenUse | undefined) => ('token' in r ? r.token : token);

/** Sends a drawn request of an operation with a token; an object it creates is followed (`made`), to be removed when the test ends. */
async function sendDrawn(
  context: Sending,
  op: Operation,
  title: string,
  instance: RequestInstance,
  token: TokenUse | undefined,
): Promise<Answered & { made?: Made }> {
  const answered = await answerOf(context.http, title, toRequestSpec(op, instance, token));
  return { ...answered, made: context.objects.follow(op, instance, answered.reply.status, answered.reply.json) };
}

/** An operation as a reason names it. */
export const nameOf = (op: Operation) => op.operationId ?? op.key;

/** What creating an object gave: the object, or why there is none (with the create's answer, when it was sent). */
type Creation = { made: Made } | { made?: undefined; answered?: Answered; why: string };

/** Creates an object of a resource from its create's first valid request. */
export async function createObject(context: Sending, api: DerivedApi, r: Resource, token: TokenUse | undefined): Promise<Creation> {
  const drawn = validRequests(api.doc, r.create, 1)[0];
  if (!drawn) return { why: `no valid request of ${nameOf(r.create)} was drawn with this seed` };
  const { made, ...answered } = await sendDrawn(context, r.create, `create (${drawn.title})`, drawn.instance, token);
  if (made) return { made };
  const said = `${nameOf(r.create)} answered ${answered.reply.status}`;
  if (refusedCredential(answered)) return { answered, why: `${said}: ${CREDENTIAL_HINT}` };
  return { answered, why: isAccepted(answered.reply) ? `${said} with no ${r.id}: what it created cannot be followed` : said };
}

/**
 * Points drawn requests of an operation at objects the test creates (aboutOwnObjects), and says
 * why a create made none (`unmade`: a request that needed it may have been dropped).
 */
export async function aboutCreated<T extends Drawn>(
  context: Sending,
  api: DerivedApi,
  op: Operation,
  requests: readonly T[],
  base: RequestInstance | undefined,
  valid: boolean,
  token: TokenUse | undefined,
): Promise<{ requests: T[]; unmade?: string }> {
  let unmade: string | undefined;
  const pointed = await aboutOwnObjects(api, op, requests, base, valid, async (r) => {
    const created = await createObject(context, api, r, token);
    if (!created.made) unmade ??= created.why;
    return created.made;
  });
  return { requests: pointed, unmade };
}

/**
 * Sends drawn requests of an operation as generated cases, one at a time in their order (what one
 * creates or removes may be what the next asks about), and returns their answers; at the test's
 * time the loop stops, and the checks judge the answers it got.
 */
export async function sendEach(
  eachCase: EachCase,
  context: Sending,
  op: Operation,
  requests: readonly Drawn[],
  token: TokenUse | undefined,
): Promise<Answered[]> {
  const answers: Answered[] = [];
  await eachCase(requests, async (r) => void answers.push(await sendDrawn(context, op, r.title, r.instance, tokenIn(r, token))), {
    concurrency: 1,
    name: (r) => r.title,
  });
  return answers;
}

/**
 * Sends a valid request first, as the control of cases that vary it by one thing, all pointed at
 * objects the test creates (the control asks about the object the cases that keep its own do).
 * Returns the control's answer, and the sending of the cases, for the caller to do once the
 * control says they are worth it; or, with no object for the control to ask about, why nothing can be judged.
 */
export async function sendControlled(
  eachCase: EachCase,
  context: Sending,
  api: DerivedApi,
  op: Operation,
  control: Drawn,
  cases: readonly Drawn[],
  valid: boolean,
  token: TokenUse | undefined,
): Promise<{ control: Answered; sendCases: () => Promise<Answered[]> } | { unjudged: string }> {
  const { requests, unmade } = await aboutCreated(context, api, op, [control, ...cases], control.instance, valid, token);
  const [first, ...rest] = requests;
  if (first?.title !== control.title) return { unjudged: `no object was created for ${control.title} to ask about: ${unmade}` };
  return {
    control: await sendDrawn(context, op, first.title, first.instance, tokenIn(first, token)),
    sendCases: () => sendEach(eachCase, context, op, rest, token),
  };
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

/** The failing answers a failure of many shows (every one is evidence). */
const FAILURES_SHOWN = 3;

/**
 * Judges every answer in hand (sendEach got them, for this check or an earlier one) with the
 * matchers, whose failing answers end the check's evidence; the failure says how many of how many
 * `what`, and shows the first ones with what was sent and what came back. With no answer to judge,
 * the check judged nothing: it is skipped, saying `unjudged`.
 */
export function judgeAnswers(answers: readonly Answered[], judge: (a: Answered) => void, what: string, unjudged: string): void {
  if (answers.length === 0) throw new NotJudged(unjudged);
  const failed = answers.flatMap((a) => {
    try {
      judge(a);
      return [];
    } catch (err) {
      return [{ a, message: err instanceof Error ? err.message : String(err) }];
    }
  });
  if (failed.length === 0) return;
  const shown = failed.slice(0, FAILURES_SHOWN).map(({ a, message }) => `- ${message}\n${describeExchange(a.reply.exchange)}`);
  const more = failed.length > FAILURES_SHOWN ? `\n… and ${failed.length - FAILURES_SHOWN} more` : '';
  throw new Error(`${failed.length} of ${answers.length} ${what}:\n${shown.join('\n')}${more}`);
}

/**
 * Judges refusals against their control, the valid request with the section's token that they
 * vary by one thing: every one must be a 4xx, and one at least must say what the control's answer
 * does not (the control was not refused, or was refused with another status) — else a refusal
 * for the one thing cannot be told from the control's own, and nothing was judged.
 */
export function judgeRefusals(control: Answered, answers: readonly Answered[], what: string): void {
  judgeAnswers(answers, (a) => expect(a.reply).toBeRefused(a.title), what, 'no request was sent');
  if (!isRefusal(control.reply) || answers.some((a) => a.reply.status !== control.reply.status)) return;
  const why = refusedCredential(control) ? CREDENTIAL_HINT : 'a refusal for what they change cannot be told from it';
  throw new NotJudged(`${control.title} was itself refused ${control.reply.status}, and so was every one of them: ${why}`);
}

/**
 * Judges the answers whose status the operation documents with a JSON schema (response-schema).
 * A documented refusal of the credential is judged too, but alone it says nothing of the
 * operation: with no other, nothing was judged, for the reason `none`.
 */
export function judgeSchemas(api: DerivedApi, op: Operation, answers: readonly Answered[], what: string, none: string): void {
  const judged = answers.filter((a) => isJudgedAnswer(op, a.reply));
  const documented: Validator = { name: `the schema ${op.key} documents for the status`, errorsOf: (_, reply) => answerProblems(api.doc, op, reply!) };
  judgeAnswers(judged, (a) => expect(a.reply).toValidateAgainst(documented, `${a.title}, answered ${a.reply.status}`), what, none);
  if (judged.every(refusedCredential)) throw new NotJudged(none);
}
