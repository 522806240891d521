// The stateful requirements of a resource (lib/openapi/lifecycles.ts): what a create, an update,
// a clone or a delete must leave behind, each seen through a later call. Ids
// `<api>.<resource>.<check>`, the operations' own words as the quote. MUST where the document states
// that the operations take what the create answered (a link, a description naming the create);
// SHOULD where only their names and HTTP's meaning say so.
import type { Level, RequirementSpec } from '../requirements.ts';
import { HTTP_MEANING, type Binding, type Listing, type Resource } from './lifecycles.ts';
import { operationTitle, type Operation } from './operations.ts';

export const LIFECYCLE = {
  createdRead: 'created-is-read',
  createdListed: 'created-is-listed',
  updateRead: 'update-is-read',
  deletedGone: 'deleted-is-gone',
  deletedUnlisted: 'deleted-not-listed',
  lookup: 'lookup-finds-it',
  clone: 'clone-is-new',
} as const;
export type LifecycleCheck = (typeof LIFECYCLE)[keyof typeof LIFECYCLE];

/** The requirement key of a resource's check: `items.created-is-read`. */
export const lifecycleKey = (r: Resource, check: LifecycleCheck) => `${r.name}.${check}`;

/** What a check sends besides the create, in order: each a binding, or the list. */
function partsOf(r: Resource, check: LifecycleCheck): (Binding | Listing | undefined)[] {
  switch (check) {
    case LIFECYCLE.createdRead:
      return [r.read];
    case LIFECYCLE.createdListed:
      return [r.list];
    case LIFECYCLE.updateRead:
      return [r.update, r.read];
    case LIFECYCLE.deletedGone:
      return [r.remove, r.read];
    case LIFECYCLE.deletedUnlisted:
      return [r.remove, r.list];
    case LIFECYCLE.lookup:
      return r.lookups.length ? r.lookups : [undefined];
    case LIFECYCLE.clone:
      return [r.clone, r.read];
  }
}

/** The checks a resource gets: those whose every operation the document has. */
export function lifecycleChecksOf(r: Resource): LifecycleCheck[] {
  return Object.values(LIFECYCLE).filter((check) => partsOf(r, check).every((p) => p !== undefined));
}

/** Every operation a check sends: the create first. */
export function operationsOf(r: Resource, check: LifecycleCheck): Operation[] {
  return [r.create, ...partsOf(r, check).map((p) => p!.op)];
}

/** Why a check does not run, or undefined: every operation it sends must run, and what it creates must be removable. */
export function lifecycleNotRun(r: Resource, check: LifecycleCheck, notRun: (op: Operation) => string | undefined): string | undefined {
  for (const op of operationsOf(r, check)) {
    const why = notRun(op);
    if (why) return why;
  }
  if (!r.remove) return `the document has no DELETE removing ${r.name}: what the check creates could not be removed`;
  const removal = notRun(r.remove.op);
  return removal ? `what the check creates could not be removed: ${removal}` : undefined;
}

const CHECKS: Record<LifecycleCheck, string> = {
  [LIFECYCLE.createdRead]:
    'An object is created with a valid request; reading it by the identifier the create answered answers it (2xx), with that identifier and, for every field the create was given that the read answers, the value it was given.',
  [LIFECYCLE.createdListed]: 'An object is created; the list (every page of it, up to 50) holds an entry with the identifier the create answered.',
  [LIFECYCLE.updateRead]:
    'An object is created and updated with valid values other than its own; once the update is accepted (2xx, with a body or none), a read answers every field the update was given with the value it was given.',
  [LIFECYCLE.deletedGone]:
    'An object is created and deleted; once the delete is accepted (2xx: 200, 202 or 204), reading it answers a 4xx (404, 410 or another client error: a soft delete that answers 404 passes).',
  [LIFECYCLE.deletedUnlisted]: 'An object is created, found in the list, and deleted; once the delete is accepted, no page of the list holds its identifier.',
  [LIFECYCLE.lookup]:
    'An object is created; every other lookup (by another of its properties, with the value the object has) answers that object (its identifier), or a list holding it.',
  [LIFECYCLE.clone]:
    "An object is created and cloned; the clone is answered with an identifier of its own (not the source's), and reading it answers the fields the create was given (those the clone request does not set itself) with the source's values.",
};

/** An operation's title and the words of its success responses: `GET /items/{itemId} (getItem) «Get an item»: 200 «The item»`. */
function words(op: Operation): string {
  const answers = op.responses.filter((r) => /^2/.test(r.code)).map((r) => `${r.code}${r.description ? ` «${r.description}»` : ''}`);
  return `${operationTitle(op)}${answers.length ? `: ${answers.join(', ')}` : ''}`;
}

export function lifecycleSpec(r: Resource, check: LifecycleCheck, file: string): RequirementSpec {
  const parts = partsOf(r, check) as (Binding | Listing)[];
  const statements = parts.map((p) => p.stated);
  const level: Level = statements.every((s) => s !== undefined) ? 'MUST' : 'SHOULD';
  const ops = [r.create, ...new Set(parts.map((p) => p.op))];
  const quote = [...ops.map(words), ...statements.filter((s): s is string => s !== undefined)].join('; ');
  const methods = [...new Set(ops.slice(1).map((op) => op.method))].filter((m): m is keyof typeof HTTP_MEANING => m in HTTP_MEANING);
  const note =
    level === 'MUST'
      ? 'The document states that these operations take what the create answered (quoted); what they answer of it is what the create made.'
      : `Inferred from the operations' names, paths and HTTP's meaning (the document states no link between them): ${methods.map((m) => HTTP_MEANING[m]).join(' ')}`;
  return { level, kind: level === 'MUST' ? 'does' : 'reading', seed: file, quote, checks: CHECKS[check], note };
}
