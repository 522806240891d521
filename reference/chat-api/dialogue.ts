// The bot's side of a client request, whichever method carried it: the bot's answer, as the
// methods return it, and what the deployment keeps of the exchange (events, history, the bot
// message's status) — with the agent who answers a client the bot hands over.
import { OWN_INITIAL_STATUS, type ChatApp } from './app.ts';
import { AGENT, answer, type BotAnswer, type BotReply } from './bot.ts';
import { localIso } from './clock.ts';
import type { ClientRequest } from './input.ts';
import { deliver, webhookItem } from './webhook.ts';

export const botAnswer = (app: ChatApp, r: ClientRequest) => answer({ query: r.query, event: r.event }, app.timings.slowAnswerMs);

/** The bot's answer as the `data` of a sync answer, an event and a webhook delivery. */
export const answerData = (app: ChatApp, a: BotAnswer) => ({
  nlpClass: a.nlpClass,
  confidence: a.confidence,
  replies: a.replies,
  answer: a.answer,
  newSessionStarted: false,
  debugData: [],
  endSession: false,
  ...(app.faults.has('custom-fields-top-level') ? {} : a.response),
});

/** Records a handled request: its events, its history entry, the bot message's status. */
export function record(app: ChatApp, r: ClientRequest, questionId: string, a: BotAnswer): void {
  const c = app.clientOf(r.clientId);
  if (!app.faults.has('events-no-client-requests')) {
    app.pushEvent(r.clientId, {
      type: 'clientRequest',
      cid: r.cid,
      body: { clientId: r.clientId, questionId, query: r.query, event: r.event, cid: r.cid, timestamp: localIso(app.now()) },
    });
  }
  if (!app.faults.has('events-no-bot-answers')) {
    app.pushEvent(r.clientId, {
      type: 'botResponse',
      cid: r.cid,
      body: { clientId: r.clientId, questionId, cid: r.cid, timestamp: localIso(app.now()), data: answerData(app, a) },
    });
  }
  c.history.push({ questionId, at: app.now(), request: { query: r.query, event: r.event }, replies: a.replies, from: 'bot' });
  c.statuses.set(questionId, app.variants.has('chat-status-extra') ? OWN_INITIAL_STATUS : 'SENT');
  // An agent joins a client the bot hands over, and answers: an event, a webhook delivery, a message of the history.
  if (a.handsOver) app.later(app.timings.agentReplyMs, () => agentReplies(app, r));
}

/** «Ответ от оператора»: the agent's reply to a client the bot handed over. */
function agentReplies(app: ChatApp, r: ClientRequest): void {
  const questionId = app.newQuestionId();
  const replies: BotReply[] = [{ type: 'text', text: AGENT.reply }];
  const data = { replies, answer: AGENT.reply };
  const named = app.variants.has('chat-agent-anonymous') ? {} : { operator: AGENT.operator };
  app.pushEvent(r.clientId, {
    type: 'agentResponse',
    cid: r.cid,
    body: { clientId: r.clientId, questionId, cid: r.cid, ...named, timestamp: localIso(app.now()), data },
  });
  if (!app.faults.has('history-no-agent-replies')) app.clientOf(r.clientId).history.push({ questionId, at: app.now(), replies, from: 'agent', ...named });
  if (!app.faults.has('webhook-no-agent-replies'))
    deliver(app, { ...webhookItem(app, r, questionId, data), ...named }, app.variants.has('chat-agent-webhook-object'));
}
