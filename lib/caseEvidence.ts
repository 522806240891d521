// The exchanges that show a failure, found by the check or generated case that owns them — never
// picked from the shared journal by position, where cases run at once interleave: a case's (those
// it sent, and answers whose judgement failed), and a check's answers whose judgement failed, sent
// in the check or before it (for an earlier check). They end the failed check's evidence. A test
// may make several observations at once (the Chat API's waits), each with its requests and
// checks: what one sends, in a check or not, is no other's evidence.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Exchange } from './exchange.ts';

interface Scope {
  kind: 'observation' | 'check' | 'case';
  exchanges: Exchange[];
  /** Whose sends are made in it: the observation it runs in, else its check (a case's, or its own). */
  owner?: Scope;
}

const scope = new AsyncLocalStorage<Scope>();

/** Who sent each exchange (an observation or a check), when the test runs several at once. */
const sentIn = new WeakMap<Exchange, Scope>();
/** The check collecting into each array of exchanges. */
const checkOf = new WeakMap<Exchange[], Scope>();

/** Runs one of a test's observations made at once: what it sends is its own checks' evidence, no other's. */
export const inObservation = <T>(run: () => Promise<T>): Promise<T> => {
  const observation: Scope = { kind: 'observation', exchanges: [] };
  observation.owner = observation;
  return scope.run(observation, run);
};

/** Runs a check's body, collecting the exchanges that show its failure into `exchanges`. */
export const inCheck = <T>(exchanges: Exchange[], run: () => Promise<T>): Promise<T> => {
  const check: Scope = { kind: 'check', exchanges };
  check.owner = scope.getStore()?.owner ?? check;
  checkOf.set(exchanges, check);
  return scope.run(check, run);
};

/** Runs a generated case, collecting what it sent and the answers it failed into `exchanges`. */
export const inCase = <T>(exchanges: Exchange[], run: () => Promise<T>): Promise<T> =>
  scope.run({ kind: 'case', exchanges, owner: scope.getStore()?.owner }, run);

/** True when `exchange` was sent by another observation, or check, than the one collecting into `exchanges` (one running beside it). */
export const sentElsewhere = (exchange: Exchange, exchanges: Exchange[]): boolean => {
  const owner = sentIn.get(exchange);
  return owner !== undefined && owner !== checkOf.get(exchanges)?.owner;
};

const note = (own: Scope | undefined, exchange: Exchange) => own && !own.exchanges.includes(exchange) && own.exchanges.push(exchange);

/** Notes an exchange sent by the running case (a check's own sends are its journal's). */
export function noteSent(exchange: Exchange): void {
  const own = scope.getStore();
  if (own?.owner) sentIn.set(exchange, own.owner);
  if (own?.kind === 'case') note(own, exchange);
}

/** Notes an exchange that shows a failure (an answer judged failing, a failed case's), for the running case or check. */
export const noteEvidence = (exchange: Exchange): void => void note(scope.getStore(), exchange);
