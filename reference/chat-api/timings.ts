// The Chat API reference's timings: the same behaviour as production, scaled down so the suite
// runs in seconds. The bench's floor reads the poll block from here.
import type { ChatApiTimings } from './server.ts';

export const REFERENCE_CHAT_TIMINGS: ChatApiTimings = {
  longPollBlockMs: 1000,
  webhookRetryDelayMs: 50,
  asyncAnswerTimeoutMs: 400,
  slowAnswerMs: 2500,
  agentReplyMs: 300,
};
