// The requirements an OpenAPI document gives, one set per operation: ids `<api>.<operation>.<check>`,
// the document's file name as the seed and the operation's own words (its summary, its responses,
// its schemas) as the quote. What the document states is MUST; refusing what it does not allow is
// SHOULD, since a document says what is valid and rarely that the invalid is refused.
import { defineCatalog, type Catalog, type Level, type RequirementSpec } from '../requirements.ts';
import type { CatalogueEntry } from './catalogue.ts';
import { lifecycleChecksOf, lifecycleKey, lifecycleSpec } from './lifecycleChecks.ts';
import type { Resource } from './lifecycles.ts';
import { operationTitle, type Operation } from './operations.ts';
import { tokenPlace } from './requests.ts';

/** The checks of an operation: the last part of its requirement ids. Specs name them. */
export const CHECKS = {
  status: 'documented-status',
  serverError: 'no-server-error',
  schema: 'response-schema',
  invalid: 'refuses-invalid',
  token: 'requires-token',
} as const;
export type Check = (typeof CHECKS)[keyof typeof CHECKS];

/** The requirement key of an operation's check: `getItem.documented-status`. */
export const keyOf = (op: Operation, check: Check) => `${op.key}.${check}`;

const RESPONSES_NOTE =
  'OpenAPI 3 (Responses Object): «It is not expected for the documentation to necessarily cover all possible HTTP response codes because they may not be known in advance.» ' +
  'So a 4xx the operation does not list passes too: a refusal by a rule no schema states (which ids exist, which combinations the server takes).';

/** The checks an operation gets, as the document allows them: none when no request of it can be drawn. */
export function checksOf(op: Operation, catalogue?: CatalogueEntry): Check[] {
  if (!op.request) return [];
  const checks: Check[] = [];
  if (op.responses.length) checks.push(CHECKS.status);
  checks.push(CHECKS.serverError);
  if (op.responses.some((r) => r.schema) && op.method !== 'HEAD') checks.push(CHECKS.schema);
  if (op.breakable) checks.push(CHECKS.invalid);
  if (op.credential?.required && catalogue?.needsToken !== false) checks.push(CHECKS.token);
  return checks;
}

/**
 * Where the token check's level comes from. A catalogue's entry and a token parameter say a
 * token is needed, not that a request without one is refused: SHOULD. A security requirement of
 * the document states that the operation needs the credential: MUST.
 */
function tokenLevel(op: Operation, file: string, catalogue?: CatalogueEntry): Pick<RequirementSpec, 'level' | 'kind' | 'seed' | 'quote' | 'note'> {
  const credential = op.credential!;
  if (catalogue) {
    const note = `${operationTitle(op)} takes the token in ${tokenPlace(credential)}: ${credential.source}. The catalogue says how a token is had, not how a request without one is answered: refusing it is the reading.`;
    return { level: 'SHOULD', kind: 'refuses', seed: catalogue.seed, quote: catalogue.quote, note };
  }
  const note = credential.stated
    ? "The document's security requirement says the operation needs the credential."
    : 'The document shows where a token goes but states no security requirement: that a request without it is refused is the reading (name the catalogue entry in the section to quote the catalogue instead).';
  return {
    ...(credential.stated ? { level: 'MUST', kind: 'refuses-stated' } : { level: 'SHOULD', kind: 'refuses' }),
    seed: file,
    quote: `${operationTitle(op)}: ${credential.source}`,
    note,
  };
}

/** What one operation's requirements quote and say, check by check. */
function specOf(check: Check, op: Operation, file: string, catalogue?: CatalogueEntry): RequirementSpec {
  const title = operationTitle(op);
  const responses = op.responses.map((r) => `${r.code}${r.description ? ` «${r.description}»` : ''}`).join(', ');
  const stated = (level: Level, quote: string, checks: string, note?: string): RequirementSpec => ({
    level,
    kind: level === 'MUST' ? 'does' : 'refuses',
    seed: file,
    quote,
    checks,
    ...(note ? { note } : {}),
  });
  switch (check) {
    case CHECKS.status:
      return stated(
        'MUST',
        `${title}: responses ${responses}`,
        "Valid requests (the document's examples, every parameter present, generated ones, and values exactly at each bound) are answered with a status the operation documents (the code, its range such as 2XX, or default); an answer of 5xx is judged by no-server-error.",
        RESPONSES_NOTE,
      );
    case CHECKS.serverError:
      return stated(
        'MUST',
        `${title}: responses ${responses || '(none documented)'}`,
        'No valid request is answered 5xx, and every one is answered.',
        'A server error is never the answer to a request the document says is valid, even where a 5xx response is documented.',
      );
    case CHECKS.schema: {
      const schemas = op.responses.filter((r) => r.schema).map((r) => `${r.code}${r.description ? ` «${r.description}»` : ''}: ${r.schemaText}`);
      return stated(
        'MUST',
        `${title}: ${schemas.join('; ')}`,
        'Every answer (to a valid or an invalid request) whose status the operation documents with a JSON schema is JSON and validates against that schema (ajv, JSON Schema 2020-12; unknown formats and x- keywords ignored; fields the schema does not forbid are allowed).',
      );
    }
    case CHECKS.invalid:
      return stated(
        'SHOULD',
        `${title}: ${op.constraints.join('; ')}`,
        'A valid request with one keyword of one parameter or body field broken (a bound, a length, an enum, a required parameter or field, a type as the server reads it) is refused with a 4xx (any client error, any body), where the valid request itself is not refused the same way.',
        'An OpenAPI document states what is valid, rarely that the invalid is refused: refusing is the reading.',
      );
    case CHECKS.token:
      return {
        ...tokenLevel(op, file, catalogue),
        checks: `A valid request without the token, and with another token, in ${tokenPlace(op.credential!)} is refused (any 4xx), where the same request with the section's token is not refused for its credential (401, 403).`,
      };
  }
}

/** One requirement per check of every operation, and per stateful check of every resource. */
export function deriveCatalog(
  profile: string,
  file: string,
  operations: readonly Operation[],
  resources: readonly Resource[],
  catalogue?: CatalogueEntry,
): Catalog {
  const specs: Record<string, RequirementSpec> = {};
  for (const op of operations) for (const check of checksOf(op, catalogue)) specs[keyOf(op, check)] = specOf(check, op, file, catalogue);
  for (const r of resources) for (const check of lifecycleChecksOf(r)) specs[lifecycleKey(r, check)] = lifecycleSpec(r, check, file);
  return defineCatalog(profile, specs);
}
