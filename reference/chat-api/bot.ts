// The reference deployment's small deterministic script: a bot with a catch-all answer, an event
// handler, a $response custom field, a slow answer for the async-timeout case, and a query it hands
// over to an agent — and the agent who then answers that client.

export interface BotReply {
  type: 'text';
  text: string;
  state?: string;
}

export interface BotAnswer {
  nlpClass: string;
  confidence: number;
  replies: BotReply[];
  answer: string;
  /** Fields the script put on $response; they surface under `data`. */
  response: Record<string, unknown>;
  delayMs: number;
  /** The bot hands the client over to an agent, who answers next (bot.operatorQuery). */
  handsOver: boolean;
}

export const BOT_SCRIPT = {
  event: 'harnessEvent',
  customField: { query: 'custom field please', field: 'foo', value: 'bar' },
  slowQuery: 'answer slowly please',
  operatorQuery: 'operator please',
};

/** The agent of the deployment: who they are, and what they answer a client the bot hands over. */
export const AGENT = {
  operator: { id: 'agent-7', name: 'Анна' },
  reply: 'Здравствуйте, меня зовут Анна. Чем могу помочь?',
};

function text(state: string, answer: string, confidence: number, extra: Partial<Pick<BotAnswer, 'response' | 'delayMs' | 'handsOver'>> = {}): BotAnswer {
  return { nlpClass: state, confidence, replies: [{ type: 'text', text: answer, state }], answer, response: {}, delayMs: 0, handsOver: false, ...extra };
}

export function answer(input: { query?: string; event?: string }, slowAnswerMs: number): BotAnswer {
  if (input.event !== undefined) return text('/Events/' + input.event, `Event ${input.event} received`, 1);
  const query = input.query ?? '';
  if (query === BOT_SCRIPT.customField.query) {
    return text('/Custom', 'Custom field set', 1, { response: { [BOT_SCRIPT.customField.field]: BOT_SCRIPT.customField.value } });
  }
  if (query === BOT_SCRIPT.slowQuery) return text('/Slow', 'Sorry for the wait', 1, { delayMs: slowAnswerMs });
  if (query === BOT_SCRIPT.operatorQuery) return text('/Operator', 'Перевожу на оператора', 1, { handsOver: true });
  return text('/CatchAll', 'Скажите боту что-то осмысленное', -0.010999999999999979);
}
