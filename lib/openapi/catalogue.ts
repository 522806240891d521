// A catalogue of APIs: a source document saying, per API it lists, whether that API needs a token.
// A target-file section names its entry (`"catalogue": "Project API"`); the entry is quoted by the
// requirement it gives. The kind names no catalogue: whoever builds its adapters hands one over
// (the project's builder, specs/openapi/kind.ts, hands one).

export interface Catalogue {
  /** The seed file it comes from. */
  seed: string;
  /** Per API it lists, in its order: whether the API needs a token, and the words that say so. */
  entries: Readonly<Record<string, { needsToken: boolean; quote: string }>>;
}

export interface CatalogueEntry {
  api: string;
  needsToken: boolean;
  /** The seed file and the words that say so. */
  seed: string;
  quote: string;
}

export function catalogueEntry(catalogue: Catalogue, api: string): CatalogueEntry {
  const entry = catalogue.entries[api];
  if (!entry) throw new Error(`${catalogue.seed} lists no "${api}" (one of ${Object.keys(catalogue.entries).join(', ')})`);
  return { api, seed: catalogue.seed, ...entry };
}
