// The Chat API's synchronous methods: POST answers a client request with the bot's answer, and the
// simplified GET takes the request in its query string.
import { sendJson } from '../http.ts';
import type { ChatApp, Exchange } from './app.ts';
import { localIso } from './clock.ts';
import { answerData, botAnswer, record } from './dialogue.ts';
import { bodyOf, parseClientRequest } from './input.ts';

export async function sync(app: ChatApp, { req, res }: Exchange): Promise<void> {
  const { faults } = app;
  const body = await bodyOf(app, req, res);
  if (!body) return;
  const r = parseClientRequest(app, body.value);
  if (!r) return sendJson(res, 400, { error: 'expected {clientId, query | event, data?, cid?}' });
  if (faults.has('event-rejected') && r.event !== undefined) return sendJson(res, 400, { error: 'query is required' });
  if (faults.has('sync-unicode-500') && /[^\x00-\x7f]/.test(r.query ?? '')) return sendJson(res, 500, { error: 'encoding error' });
  const a = botAnswer(app, r);
  if (a.delayMs) await new Promise((resolve) => app.later(a.delayMs, () => resolve(undefined)));
  const questionId = app.newQuestionId();
  record(app, r, questionId, a);
  const data = answerData(app, a);
  if (faults.has('sync-empty-answer')) return sendJson(res, 200, {});
  // Under chat-sync-answer-lean the request is named by its questionId alone.
  const echo = !app.variants.has('chat-sync-answer-lean');
  const out: Record<string, unknown> = {
    ...(echo ? { clientId: r.clientId } : {}),
    questionId,
    ...(echo && r.query !== undefined ? { query: r.query } : {}),
    ...(echo && r.event !== undefined ? { event: r.event } : {}),
    ...(echo && r.data ? { requestData: r.data } : {}),
    ...(r.cid !== undefined && !faults.has('sync-no-cid') ? { cid: r.cid } : {}),
    data,
    timestamp: localIso(app.now()),
    blockForm: false,
  };
  if (faults.has('custom-fields-top-level')) Object.assign(out, a.response);
  if (faults.has('sync-answer-flat')) {
    out.replies = data.replies;
    out.answer = data.answer;
    out.data = {};
  }
  sendJson(res, 200, out);
}

export function simplified(app: ChatApp, { res, url }: Exchange): void {
  const q = url.searchParams;
  const r = parseClientRequest(app, {
    clientId: q.get('clientId') ?? undefined,
    query: q.get('query') ?? undefined,
    event: q.get('event') ?? undefined,
    cid: q.get('cid') ?? undefined,
  });
  if (!r) return sendJson(res, 400, { error: 'expected clientId and query or event' });
  const a = botAnswer(app, r);
  const questionId = app.newQuestionId();
  record(app, r, questionId, a);
  sendJson(res, 200, {
    clientId: r.clientId,
    query: app.faults.has('get-simplified-no-query') ? undefined : (r.query ?? null),
    ...(app.faults.has('get-simplified-no-event') ? {} : { event: r.event ?? null }),
    answer: a.answer,
  });
}
