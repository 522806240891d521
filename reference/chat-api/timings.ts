// The Chat API reference's timings: the same behaviour as production, scaled down so the suite
// runs in seconds. The bench's floor reads the poll block from here.
import type { ChatApiTimings } from './server.ts';

export const REFERENCE_CHAT_TIMINGS: ChatApiTimings = {
  longPollBlockMs: 1000,
  webhookRetryDelayMs: 50,
  // Scaled down less than the rest (seed 000: three seconds): an early timeout event is told only by
  // coming before 90 % of the wait, and on a busy runner the way from request to sink alone took
  // over a second, so a 400 ms wait let the early-event fault pass.
  asyncAnswerTimeoutMs: 2000,
  // At least 2 s after the wait, as the target file promises for bot.slowQuery.
  slowAnswerMs: 4100,
  agentReplyMs: 300,
};
