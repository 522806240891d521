// The reference's small deterministic bot: a catch-all answer, an event handler, a $response
// custom field, and a slow answer for the async-timeout case.

export interface BotAnswer {
  nlpClass: string;
  confidence: number;
  replies: { type: 'text'; text: string; state: string }[];
  answer: string;
  /** Fields the script put on $response; they surface under `data`. */
  response: Record<string, unknown>;
  delayMs: number;
}

export const BOT_SCRIPT = {
  event: 'harnessEvent',
  customField: { query: 'custom field please', field: 'foo', value: 'bar' },
  slowQuery: 'answer slowly please',
};

function text(state: string, answer: string, confidence: number, response: Record<string, unknown> = {}, delayMs = 0): BotAnswer {
  return { nlpClass: state, confidence, replies: [{ type: 'text', text: answer, state }], answer, response, delayMs };
}

export function answer(input: { query?: string; event?: string }, slowAnswerMs: number): BotAnswer {
  if (input.event !== undefined) return text('/Events/' + input.event, `Event ${input.event} received`, 1);
  const query = input.query ?? '';
  if (query === BOT_SCRIPT.customField.query) {
    return text('/Custom', 'Custom field set', 1, { [BOT_SCRIPT.customField.field]: BOT_SCRIPT.customField.value });
  }
  if (query === BOT_SCRIPT.slowQuery) return text('/Slow', 'Sorry for the wait', 1, {}, slowAnswerMs);
  return text('/CatchAll', 'Скажите боту что-то осмысленное', -0.010999999999999979);
}
