// The requirement model: every check in the suite names one of these, and every one of these
// traces to a sentence of a seed document (../shared/seeds/).

/** A profile's name: a target-file section and the prefix of its requirement ids (`jaicp-chat`). Adapters define them. */
export type ApiName = string;

/** MUST: the document states it. SHOULD: a reasonable inference, or evidence from public material. */
export type Level = 'MUST' | 'SHOULD';

/**
 * What a requirement holds the server to, which fixes its level (README, "Requirements, ids and
 * levels"): what the document allows is accepted; what it does not allow is refused, a reading
 * unless the document says the server refuses it; what the document says the server does, it does;
 * anything else is a reading — an inference, or public material other than the document — and its
 * note says why.
 */
export type Kind = 'accepts' | 'refuses' | 'refuses-stated' | 'does' | 'reading';

/** The one rule for levels: tests/requirementLevels.test.ts holds every catalog to it. */
export const LEVEL_OF_KIND: Readonly<Record<Kind, Level>> = {
  accepts: 'MUST',
  refuses: 'SHOULD',
  'refuses-stated': 'MUST',
  does: 'MUST',
  reading: 'SHOULD',
};

export interface Requirement {
  /** `<api>.<key>`, e.g. `jaicp-chat.events.max-250`. Search the key to find every check of it. */
  id: string;
  api: ApiName;
  /** The id without the api prefix; specs and schemas refer to requirements by key. */
  key: string;
  level: Level;
  /**
   * What the requirement holds the server to; its level follows (LEVEL_OF_KIND). Every hand-written
   * catalog sets it; the OpenAPI kind's catalogs (lib/openapi/) derive their levels and do not yet.
   */
  kind?: Kind;
  /** The seed file name the quote comes from. */
  seed: string;
  quote: string;
  /** What the harness checks, in one sentence. */
  checks: string;
  /** Why the level is what it is, where that is not obvious (the reading chosen, the evidence used). */
  note?: string;
  /** Set when no call of the API can show the effect: why. Such a requirement is reported unobservable and needs no fault. */
  unobservable?: string;
}

export type RequirementSpec = Omit<Requirement, 'id' | 'api' | 'key'>;

/** Public material that is not a seed document (../shared/seeds/EVIDENCE.md): checks built on it are SHOULD. */
export const EVIDENCE_SEED = 'EVIDENCE.md';

export type Catalog = ReadonlyMap<string, Requirement>;

/** Builds one API's catalog from `{ key: spec }`; the id is always `<api>.<key>`. */
export function defineCatalog(api: ApiName, specs: Record<string, RequirementSpec>): Catalog {
  const catalog = new Map<string, Requirement>();
  for (const [key, spec] of Object.entries(specs)) {
    catalog.set(key, { id: `${api}.${key}`, api, key, ...spec });
  }
  return catalog;
}

/** Looks a requirement up by key, failing loudly on a typo so a check can never name nothing. */
export function requirementOf(catalog: Catalog, key: string): Requirement {
  const found = catalog.get(key);
  if (!found) {
    const api = catalog.values().next().value?.api ?? 'this api';
    throw new Error(`No requirement "${key}" in the ${api} catalog`);
  }
  return found;
}
