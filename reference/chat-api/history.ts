// The Chat API's history method: a client's messages (its requests, the bot's answers with their
// status, agents' replies) within an optional period.
import { sendJson } from '../http.ts';
import type { ChatApp, Exchange } from './app.ts';
import { localIso, parseTs } from './clock.ts';
import { MAX_EVENTS_PER_RESPONSE } from './events.ts';

export function history(app: ChatApp, { res, params, url }: Exchange): void {
  const { faults, variants } = app;
  const from = parseTs(url.searchParams.get('from'));
  const to = parseTs(url.searchParams.get('to'));
  if (from === null || to === null) return sendJson(res, 400, { error: 'from/to are not times' });
  const c = app.findClient(params.clientId);
  let entries = c?.history ?? [];
  if (!faults.has('history-period-ignored')) {
    entries = entries.filter((h) => (from === undefined || h.at >= from) && (to === undefined || h.at <= to));
  }
  if (faults.has('history-last-only')) entries = entries.slice(-1);
  // How a message names its id: its questionId (named `id` under chat-history-id-named), or under the fault its row in the store.
  let row = 0;
  const idOf = (questionId: string) =>
    faults.has('history-own-ids') ? { id: ++row } : variants.has('chat-history-id-named') ? { id: questionId } : { questionId };
  const messages = entries.flatMap((h) => [
    ...(h.request ? [{ ...idOf(h.questionId), type: 'request', text: h.request.query, event: h.request.event, timestamp: localIso(h.at) }] : []),
    ...(faults.has('history-requests-only') ? [] : h.replies).map((reply) => ({
      ...idOf(h.questionId),
      type: h.from === 'agent' ? 'operatorResponse' : 'response',
      text: reply.text,
      ...(h.from === 'agent' ? (h.operator ? { operator: h.operator } : {}) : { status: c?.statuses.get(h.questionId) }),
      timestamp: localIso(h.at),
    })),
  ]);
  // Under the fault, only the last 250 messages, as if one page were the whole history.
  const kept = faults.has('history-capped') ? messages.slice(-MAX_EVENTS_PER_RESPONSE) : messages;
  sendJson(res, 200, variants.has('chat-bare-values') ? kept : { clientId: params.clientId, messages: kept });
}
