// The reference implementation of the edna Threads bot-answer API (seed 001):
// POST /api/v1/chatbot with a bearer token and X-Tenant-Name, four ways to address an answer
// (EMAIL threads by session only), answerId uniqueness, and strict or soft handling of a second
// answer to one question.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EdnaThreadsTarget } from '../../specs/edna-threads/target.ts';
import { isObject, readJson, sendJson, serve } from '../http.ts';
import { answerProblem } from './answerRules.ts';
import { Threads, type Question } from './threads.ts';

export interface EdnaThreadsOptions {
  token: string;
  faults: ReadonlySet<string>;
  variants?: ReadonlySet<string>;
  /** How a second answer to an answered question is handled (the document: a system setting). */
  answerIdMode?: 'strict' | 'soft';
  /** message.max-quick-replies, set in the installation's database. */
  maxQuickReplies?: number;
  /** message.max-quick-reply-length, set in the installation's database. */
  maxQuickReplyLength?: number;
  /** Serving many runs: the section's questions are minted per run by its fixturesCommand. */
  manyRuns?: boolean;
}

type Addressee = { threadsClientId: number; question?: Question } | { refused: number; error: string } | { dropped: string };

const PATH = '/api/v1/chatbot';
/** Where the reference mints fresh questions: the reference's own, no document's (a vendor's staging has its own way). */
const MINT_PATH = '/reference/fixtures';
/** The examples' tenant (X-Tenant-Name: local). */
const TENANT = 'local';
/** The installation's message.max-quick-replies unless it is set otherwise. */
const MAX_QUICK_REPLIES = 10;
/** The installation's message.max-quick-reply-length unless it is set otherwise: the document's «строка до 4000 символов». */
const MAX_QUICK_REPLY_LENGTH = 4000;

function refuse(res: ServerResponse, status: number, error: string): void {
  sendJson(res, status, { status, error });
}

/** The document's success: 200 OK with an X-Request-Id and no body (or, as a variant, a 202 receipt). */
function accepted(res: ServerResponse, variants: ReadonlySet<string>): void {
  if (variants.has('edna-success-accepted')) return sendJson(res, 202, { status: 'ACCEPTED', requestId: randomUUID() });
  res.writeHead(200, { 'x-request-id': randomUUID(), 'cache-control': 'no-cache, no-store, max-age=0, must-revalidate' });
  res.end();
}

/** A command that asks the reference for fresh questions and prints them (node is there wherever the harness runs). */
function mintCommand(url: string): string {
  return `node -e "fetch('${url}',{method:'POST'}).then(async(r)=>{const t=await r.text();if(!r.ok)throw new Error(r.status+' '+t);process.stdout.write(t)})"`;
}

/** Starts the server and returns its URL and the target section describing it (fixtures included). */
export async function startEdnaThreadsReference(options: EdnaThreadsOptions) {
  const { token, faults } = options;
  const variants = options.variants ?? new Set<string>();
  // The fault: the installation is set to soft (and declared so), but the setting is never applied.
  const declared = faults.has('edna-soft-setting-ignored') ? 'soft' : (options.answerIdMode ?? 'strict');
  const refusesSecondAnswer = (declared === 'strict' || faults.has('edna-soft-setting-ignored')) && !faults.has('edna-strict-mode-not-enforced');
  const threads = new Threads();
  const installation = {
    faults,
    variants,
    maxQuickReplies: options.maxQuickReplies ?? MAX_QUICK_REPLIES,
    maxQuickReplyLength: options.maxQuickReplyLength ?? MAX_QUICK_REPLY_LENGTH,
  };

  function authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization;
    if (header === undefined) return faults.has('edna-missing-token-accepted');
    return header === (faults.has('edna-bearer-prefix-rejected') ? token : `Bearer ${token}`);
  }

  /** The one tenant, the examples' (the faults: a missing header falls back to it; another one's lookup throws). */
  function tenantRefusal(req: IncomingMessage): string | undefined {
    const tenant = req.headers['x-tenant-name'];
    if (tenant === TENANT || (tenant === undefined && faults.has('edna-missing-tenant-default'))) return undefined;
    if (tenant !== undefined && faults.has('edna-unknown-tenant-500')) throw new Error(`No datasource configured for tenant "${tenant}"`);
    return tenant === undefined ? 'no X-Tenant-Name' : 'unknown tenant';
  }

  /** questionId, then sessionId + questionIndex, then threadsClientId, then the deprecated clientId. */
  function addressee(body: Record<string, unknown>): Addressee {
    if (body.questionId != null && !faults.has('edna-question-id-ignored')) {
      const question = threads.questions.get(body.questionId as number);
      if (!question) return faults.has('edna-unknown-question-accepted') ? { dropped: 'unknown question' } : { refused: 404, error: 'unknown questionId' };
      const session = threads.sessions.get(question.sessionId)!;
      // "Если получено сообщение с типом EMAIL, на него необходимо отвечать по sessionId и questionIndex" (the fault: as any other channel).
      if (session.channel === 'EMAIL' && !faults.has('edna-email-question-id-accepted'))
        return { refused: 400, error: 'EMAIL threads are answered by sessionId and questionIndex' };
      return { threadsClientId: session.threadsClientId, question };
    }
    if (body.sessionId != null) {
      if (body.questionIndex == null) return { refused: 400, error: 'sessionId goes with questionIndex' };
      const session = threads.sessions.get(body.sessionId as string);
      if (!session) return { refused: 404, error: 'unknown sessionId' };
      if (session.channel === 'EMAIL' && faults.has('edna-email-session-refused')) return { refused: 400, error: 'EMAIL threads are answered by questionId' };
      const index = (body.questionIndex as number) - (faults.has('edna-question-index-zero-based') ? 0 : 1);
      const question = session.questions[index];
      if (!question) return { refused: 404, error: 'no question at this questionIndex' };
      return { threadsClientId: session.threadsClientId, question };
    }
    if (body.threadsClientId != null && !faults.has('edna-threads-client-id-ignored')) {
      const client = threads.clients.get(body.threadsClientId as number);
      return client ? { threadsClientId: client.threadsClientId } : { refused: 404, error: 'unknown threadsClientId' };
    }
    if (body.clientId != null && !faults.has('edna-client-id-retired')) {
      const client = threads.clientByExternalId(body.clientId as string);
      return client ? { threadsClientId: client.threadsClientId } : { refused: 404, error: 'unknown clientId' };
    }
    return faults.has('edna-no-addressee-accepted')
      ? { dropped: 'no addressee' }
      : { refused: 400, error: 'no threadsClientId, questionId, sessionId + questionIndex or clientId' };
  }

  const server = await serve(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://reference').pathname;
    if (path === MINT_PATH && req.method === 'POST') return sendJson(res, 200, { fixtures: { ...threads.mint(), fresh: true } });
    if (path !== PATH) return refuse(res, 404, 'not found');
    if (req.method !== 'POST') return refuse(res, 405, 'method not allowed');
    if (!authorized(req)) return refuse(res, 401, 'unauthorized');
    const tenantRefused = tenantRefusal(req);
    if (tenantRefused) return refuse(res, 403, tenantRefused);
    const parsed = await readJson(req);
    if (!parsed.ok) return refuse(res, faults.has('edna-malformed-json-500') ? 500 : 400, `body: ${parsed.reason}`);
    const body = parsed.value;
    if (!isObject(body)) return refuse(res, 400, 'body: expected a JSON object');
    const problem = answerProblem(body, installation);
    if (problem) return refuse(res, 400, problem);
    const to = addressee(body);
    if ('refused' in to) return refuse(res, to.refused, to.error);
    if (
      variants.has('edna-whatsapp-only') &&
      'threadsClientId' in to &&
      !threads.clients.get(to.threadsClientId)?.whatsApp &&
      (body.quickRepliesHeaderFooter != null || body.messageListPicker != null)
    ) {
      return refuse(res, 400, 'quickRepliesHeaderFooter and messageListPicker are for WhatsApp clients only');
    }
    if ('dropped' in to) return accepted(res, variants);

    // The fault: the repeat check reads answerId with no null check.
    if (faults.has('edna-missing-answer-id-500') && body.answerId == null) throw new TypeError('Cannot invoke "String.isBlank()" because "answerId" is null');
    const answerId = typeof body.answerId === 'string' ? body.answerId : undefined;
    if (answerId !== undefined && threads.answerIds.has(answerId)) {
      if (faults.has('edna-duplicate-answer-id-500')) return refuse(res, 500, 'duplicate key value violates unique constraint "answer_id"');
      // "В случае повторного получения значение сообщение не будет доставлено клиенту."
      return accepted(res, variants);
    }
    if (to.question && !to.question.answered && faults.has('edna-fresh-question-refused')) return refuse(res, 409, 'the question already has a bot answer');
    if (to.question?.answered && refusesSecondAnswer)
      return refuse(res, variants.has('edna-strict-refusal-400') ? 400 : 409, 'the question already has a bot answer');
    if (answerId !== undefined) threads.answerIds.add(answerId);
    if (to.question) to.question.answered = true;
    threads.deliveries.push({ threadsClientId: to.threadsClientId, sessionId: to.question?.sessionId, answerId, body });
    return accepted(res, variants);
  }, variants);

  const fixtures = { ...threads.fixtures(), maxQuickReplies: installation.maxQuickReplies, maxQuickReplyLength: installation.maxQuickReplyLength };
  // Started for one run, every question is fresh; serving many, each run mints its own.
  const section: EdnaThreadsTarget = options.manyRuns
    ? { baseUrl: server.url, token, tenant: TENANT, answerIdMode: declared, fixtures, fixturesCommand: mintCommand(`${server.url}${MINT_PATH}`) }
    : { baseUrl: server.url, token, tenant: TENANT, answerIdMode: declared, fixtures: { ...fixtures, fresh: true } };
  return { url: server.url, section, close: server.close, deliveries: threads.deliveries };
}
