// The one vocabulary a check is written in: Playwright's `expect`, extended with matchers over an
// answer (a Reply). Where a document is silent about the code, any code of the class passes. A
// failure says what was expected, the status and the start of the body — vendors read it — and the
// answer's exchange becomes evidence of the case or check that judged it (lib/caseEvidence.ts).
import { expect as base } from '@playwright/test';
import { noteEvidence } from './caseEvidence.ts';
import type { Reply } from './httpClient.ts';

const is2xx = (status: number) => status >= 200 && status < 300;
const is4xx = (status: number) => status >= 400 && status < 500;

/** Whether an answer accepted the request: for choosing what to judge next, never to judge (the matchers do that, with evidence). */
export const isAccepted = (reply: Pick<Reply, 'status'>) => is2xx(reply.status);
/** Whether an answer refused the request with a client error: for choosing what to judge next, never to judge. */
export const isRefusal = (reply: Pick<Reply, 'status'>) => is4xx(reply.status);

/** What a value is judged against: a schema's name and the readable errors of a value (none when it validates); a reply's body is the value, the reply given too. */
export interface Validator {
  name: string;
  errorsOf: (value: unknown, reply?: Reply) => string[];
}

const BODY_SHOWN = 500;

type Result = { pass: boolean; message: () => string; name: string; actual: unknown };

/** Judges a reply's status; `expected` and `unexpected` say what a failure of the matcher, or of `.not`, expected. */
function statusMatch(name: string, isNot: boolean, reply: Reply, what: string | undefined, pass: boolean, expected: string, unexpected: string): Result {
  if (pass === isNot) noteEvidence(reply.exchange);
  const opening = what ? `${what}: ` : '';
  return {
    pass,
    name,
    actual: reply.status,
    message: () => `${opening}expected ${isNot ? unexpected : expected}, got ${reply.status}\n${reply.text.slice(0, BODY_SHOWN)}`,
  };
}

/** Whether each matcher of ours passes (before `.not`): the matcher and its fast judgement (below) share it. */
const passes = {
  toBe2xx: (reply: Reply) => is2xx(reply.status),
  toBeRefused: (reply: Reply) => is4xx(reply.status),
  toBe2xxOr4xx: (reply: Reply) => is2xx(reply.status) || is4xx(reply.status),
  toBeServerError: (reply: Reply) => reply.status >= 500,
};
const schemaErrorsOf = (value: unknown, validator: Validator) => (isReply(value) ? validator.errorsOf(value.json, value) : validator.errorsOf(value));

/** Every call through Playwright: what the checks' `expect` (below) must agree with, call for call. */
export const playwrightExpect = base.extend({
  /** Accepted: any 2xx. With `.not`, refused: any answer but a 2xx. */
  toBe2xx(reply: Reply, what?: string) {
    return statusMatch('toBe2xx', this.isNot, reply, what, passes.toBe2xx(reply), 'a 2xx answer', 'a refusal (any answer but 2xx)');
  },
  /** Refused with a client error: any 4xx, since the documents name no code. */
  toBeRefused(reply: Reply, what?: string) {
    return statusMatch('toBeRefused', this.isNot, reply, what, passes.toBeRefused(reply), 'a 4xx (any client error)', 'an answer other than a 4xx');
  },
  /** Either reading of a document passes: accepted (2xx) or refused (4xx); never a redirect or a 5xx. */
  toBe2xxOr4xx(reply: Reply, what?: string) {
    const pass = passes.toBe2xxOr4xx(reply);
    return statusMatch('toBe2xxOr4xx', this.isNot, reply, what, pass, 'a 2xx or a 4xx (either reading of the document)', 'neither a 2xx nor a 4xx');
  },
  /** A server error: any 5xx (with `.not`, any answer but one). */
  toBeServerError(reply: Reply, what?: string) {
    const pass = passes.toBeServerError(reply);
    return statusMatch('toBeServerError', this.isNot, reply, what, pass, 'a server error (5xx)', 'an answer other than a server error (5xx)');
  },
  /** A value (a reply: its body) validates against a schema; the failure lists every error. */
  toValidateAgainst(value: unknown, validator: Validator, what?: string) {
    const reply = isReply(value) ? value : undefined;
    const errors = schemaErrorsOf(value, validator);
    if (reply && errors.length > 0 !== this.isNot) noteEvidence(reply.exchange);
    const shown = reply ? reply.text : (JSON.stringify(value) ?? String(value));
    const opening = what ? `${what}: ` : '';
    return {
      pass: errors.length === 0,
      name: 'toValidateAgainst',
      actual: errors,
      message: () =>
        this.isNot
          ? `${opening}expected not to validate against ${validator.name}`
          : `${opening}expected to validate against ${validator.name}:\n${errors.map((e) => `- ${e}`).join('\n')}\n${shown.slice(0, BODY_SHOWN)}`,
    };
  },
});

/**
 * Whether a matcher passes, for the matchers a check makes thousands of calls of (a generated case
 * makes two to four); undefined when it cannot say (a value of another shape), and for every other
 * matcher. Each says exactly what the matcher says: `toBe` is `Object.is`, as Playwright's is.
 */
const FAST_JUDGES: Record<string, (received: unknown, args: unknown[]) => boolean> = {
  ...(passes as Record<string, (received: unknown) => boolean>),
  toValidateAgainst: (value, [validator]) => schemaErrorsOf(value, validator as Validator).length === 0,
  toBe: (value, [expected]) => Object.is(value, expected),
  toBeDefined: (value) => value !== undefined,
};

function fastJudgement(matcher: string, received: unknown, args: unknown[]): boolean | undefined {
  const judge = FAST_JUDGES[matcher];
  try {
    return judge?.(received, args);
  } catch {
    return undefined;
  }
}

/**
 * Playwright's matchers of `received`, made only when a call does not pass at once: a call that
 * passes its judgement (above) returns there, and any other goes through Playwright's matcher,
 * which judges it again, reports it (a step, the failure) and keeps its evidence.
 */
function matchersOf(make: () => object, received: unknown, isNot: boolean): object {
  let made: Record<PropertyKey, unknown> | undefined;
  const playwright = () => (made ??= make() as Record<PropertyKey, unknown>);
  return new Proxy(
    {},
    {
      get(_, key) {
        if (key === 'not' && !isNot) return matchersOf(() => playwright().not as object, received, true);
        if (typeof key !== 'string' || !Object.hasOwn(FAST_JUDGES, key)) return playwright()[key];
        return (...args: unknown[]) => {
          if (fastJudgement(key, received, args) === !isNot) return undefined;
          return (playwright()[key] as (...a: unknown[]) => unknown)(...args);
        };
      },
    },
  );
}

/** Playwright's `expect`, with the calls of the matchers FAST_JUDGES knows judged before Playwright's own work (`expect.soft` and the rest are Playwright's). */
function withFastPass(expectFn: typeof playwrightExpect): typeof playwrightExpect {
  return new Proxy(expectFn, {
    apply: (target, _, [received, message]: Parameters<typeof playwrightExpect>) => matchersOf(() => target(received, message), received, false),
  });
}

/**
 * The checks' `expect`. A call that passes costs its comparison: Playwright's makes a step, a stack
 * capture and some 400 closures per call (about 0.5 ms of CPU between the worker and the runner,
 * 5,000 calls in a default run), so a passing call of the matchers above makes none of them and is
 * not a step of the report. Every other call is Playwright's, as written.
 */
export const expect = withFastPass(playwrightExpect);

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && 'exchange' in value && 'status' in value && 'text' in value;
}
