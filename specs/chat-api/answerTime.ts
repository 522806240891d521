// The server's own time of its answer to a message: seed 000's answer carries a `timestamp`
// ("timestamp": "2022-09-28T12:32:13.262"). It bounds the application's clock apart from the Date
// header's (lib/serverClock.ts), which a front proxy may stamp on another clock.

/** The operations whose answer's top-level `timestamp` is the server's time of it: the sends of a message. */
export const STAMPED_ANSWERS: ReadonlySet<string> = new Set(['sendSync', 'sendSimplified']);

/** The top-level `timestamp` of an answer, when it is text. */
export function answerTimestamp(json: unknown): string | undefined {
  const stamp = (json as { timestamp?: unknown } | null | undefined)?.timestamp;
  return typeof stamp === 'string' ? stamp : undefined;
}
