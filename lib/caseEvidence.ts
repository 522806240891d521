// The exchanges that show a failure, found by the check or generated case that owns them — never
// picked from the shared journal by position, where cases run at once interleave: a case's (those
// it sent, and answers whose judgement failed), and a check's answers whose judgement failed, sent
// in the check or before it (for an earlier check). They end the failed check's evidence. Checks
// of one test may run at once (observations of several waits): what one sent is no other's.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Exchange } from './exchange.ts';

interface Scope {
  kind: 'check' | 'case';
  exchanges: Exchange[];
  /** The check a case runs in (a check is its own). */
  check?: Scope;
}

const scope = new AsyncLocalStorage<Scope>();

/** The check each exchange was sent in: a test's checks may run at once (observations of one wait). */
const sentIn = new WeakMap<Exchange, Scope>();

/** Runs a check's body, collecting the exchanges that show its failure into `exchanges`. */
export const inCheck = <T>(exchanges: Exchange[], run: () => Promise<T>): Promise<T> => {
  const check: Scope = { kind: 'check', exchanges };
  check.check = check;
  return scope.run(check, run);
};

/** Runs a generated case, collecting what it sent and the answers it failed into `exchanges`. */
export const inCase = <T>(exchanges: Exchange[], run: () => Promise<T>): Promise<T> =>
  scope.run({ kind: 'case', exchanges, check: scope.getStore()?.check }, run);

/** True when `exchange` was sent in a check other than the one collecting into `exchanges` (one running beside it). */
export const sentInOtherCheck = (exchange: Exchange, exchanges: Exchange[]): boolean => {
  const owner = sentIn.get(exchange);
  return owner !== undefined && owner.exchanges !== exchanges;
};

const note = (own: Scope | undefined, exchange: Exchange) => own && !own.exchanges.includes(exchange) && own.exchanges.push(exchange);

/** Notes an exchange sent by the running case (a check's own sends are its journal's). */
export function noteSent(exchange: Exchange): void {
  const own = scope.getStore();
  if (own?.check) sentIn.set(exchange, own.check);
  if (own?.kind === 'case') note(own, exchange);
}

/** Notes an exchange that shows a failure (an answer judged failing, a failed case's), for the running case or check. */
export const noteEvidence = (exchange: Exchange): void => void note(scope.getStore(), exchange);
