// The Chat API reference's timings: the same behaviour as production, scaled down so the suite
// runs in seconds. Here, beside the adapter, since both read them: the reference runs with them
// (reference/chat-api/index.ts) and the bench's floor takes the poll block (mandatedWaits).
export const REFERENCE_CHAT_TIMINGS = {
  // Three seconds, with 0.5 s declared as the minimum: a poll that wakes only at its end (events-late)
  // is told by returning over 0.5 s after the request's answer, and on a busy runner the request
  // alone took over 0.5 s from the poll, so a 1 s block let the fault pass.
  longPollBlockMs: 3000,
  webhookRetryDelayMs: 50,
  // Scaled down less than the rest (seed 000: three seconds): an early timeout event is told only by
  // coming before 90 % of the wait, and on a busy runner the way from request to sink alone took
  // over a second, so a 400 ms wait let the early-event fault pass.
  asyncAnswerTimeoutMs: 2000,
  // At least 2 s after the wait, as the target file promises for bot.slowQuery.
  slowAnswerMs: 4100,
  agentReplyMs: 300,
};
