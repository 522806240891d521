// What the core knows of an API: one adapter per API folder (specs/<api>/adapter.ts), listed in the
// registry (specs/registry.ts). The core — the Playwright config, the global setup, the CLI, the
// reporter, the kill check and the bench — loops over adapters and names no API; everything an
// API needs said (its profiles and catalogs, its OpenAPI documents, its target-file section, its
// preflight request, its reference server with faults and variants, its mandated waits) is said here.
import type { RequestSpec, Reply } from './httpClient.ts';
import type { Catalog } from './requirements.ts';

/** A target-file section once its defaults are filled in: at least where the API is. */
export interface Section {
  baseUrl: string;
  /**
   * Set by global setup in the target workers see, whose baseUrl points at the secret proxy:
   * where the API really is (a repro line of a failure is written against it).
   */
  realBaseUrl?: string;
  [field: string]: unknown;
}

/** One profile of an adapter: a target-file section of that name, and the catalog its document gives. */
export interface Profile {
  /** The section name and the prefix of requirement ids, e.g. `jaicp-chat`. */
  name: string;
  catalog: Catalog;
}

/** The harmless request made before the run, described without its secret (it is printed). */
export interface Probe {
  /** What is sent, as a vendor reads it: `POST /chatapi/{token}`. */
  what: string;
  method: 'GET' | 'POST';
  /** The full URL, with the real credential. */
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** What to check when the credential is refused: `the token`. */
  credential: string;
  /** Where the API's answer carries the server's own time of it: that stamp (ISO 8601) from the parsed body. */
  stampOf?: (body: unknown) => string | undefined;
}

/** A realistic bug the reference can be switched into, naming the requirement (by key) it violates. */
export interface Fault {
  name: string;
  violates: string;
  description: string;
}

/** Behaviour that differs from the reference's own choices only where the documents leave room. */
export interface Variant {
  name: string;
  /** Which silence (or latitude) of the documents it exercises. */
  silence: string;
  /** Variants of one family take different paths through the same silence: they never share a run. */
  family?: string;
}

export interface ReferenceOptions {
  faults: ReadonlySet<string>;
  variants: ReadonlySet<string>;
  /** host:port of the webhook sink the reference delivers to, when the run has one. */
  webhookListen?: string;
  /** The credential to use for a profile's secret field (a planted secret, or a fresh one). */
  secret(profile: string, field: string): string;
  /**
   * The reference serves many runs in a row (npm run reference), not one: fixtures a run spends
   * are then described by a fixturesCommand that mints them per run, never as fresh.
   */
  manyRuns?: boolean;
}

export interface RunningReference {
  /** A target-file section per profile, describing the running servers. */
  sections: Record<string, Section>;
  close(): Promise<void>;
}

/** The adapter's reference implementation, loaded only when a run needs it. */
export interface ReferenceModule {
  faults: readonly Fault[];
  /** Conforming variants this reference can take (the shared ones of reference/variants.ts included). */
  variants: readonly Variant[];
  start(options: ReferenceOptions): Promise<RunningReference>;
}

/** A wait the documents make unavoidable (npm run bench's floor). */
export interface MandatedWait {
  /** The requirement whose check waits. */
  requirement: string;
  /** What is awaited, and why it cannot come sooner. */
  what: string;
  ms: number;
}

/** The waits of one observation, one after another. A test's observations (chains of the same `test`) run at once. */
export interface WaitChain {
  api: string;
  test: string;
  waits: MandatedWait[];
}

/**
 * The first request of an observation whose verdict waits on the target's time (the longest of its
 * chain): the runner sends it as soon as the run's tests are known (lib/headStart.ts), while
 * Playwright still starts the worker of the test, which then takes it over and waits that much less.
 */
export interface HeadStart<S extends Section = Section> {
  /** Its name among the profile's head starts: the test takes it over by it. */
  name: string;
  /** The title of the test whose observation it begins. */
  test: string;
  /** What the observation judges: sent only when the profile's document states one and the run takes the test for it. */
  requirements: readonly string[];
  /** The request to the section (as workers see it), and what the test must know of it; undefined when the observation does not apply to the section. */
  request(section: S): { spec: RequestSpec; context: Record<string, string> } | undefined;
}

/** A request whose answer the bench times raw and checked (the adapter's most common valid request). */
export interface BenchmarkCase<S extends Section = Section> {
  profile: string;
  /**
   * Valid requests to the section (its base URL is the client's; its secrets are in the paths).
   * Asynchronous, so that an adapter loads its generators for the bench only, not in every
   * process that registers it.
   */
  requests(section: S, count: number, seed: number): Promise<RequestSpec[]>;
  /** The checks a generated case of the suite makes on the answer; throws on a failure. */
  check(reply: Reply): void;
}

/**
 * An API's adapter, typed by its resolved section `S` (what `section.resolve` makes of a valid
 * one): every other method is handed that. The core holds adapters as `ApiAdapter` (of Section).
 */
export interface ApiAdapter<S extends Section = Section> {
  /** The folder name: specs/<name>/, reference/<name>/. */
  name: string;
  profiles: readonly Profile[];
  /** Absolute path of the Playwright specs of every profile. */
  specDir: string;
  /** OpenAPI documents by the name specs use (`schemaOf('chat-api', ...)`). */
  documents: Readonly<Record<string, URL>>;
  section: {
    /**
     * JSON Schema (2020-12) of one target-file section, with an `$id` of its own; shared
     * definitions are referenced as `target.schema.json#/$defs/...`.
     */
    schema: Record<string, unknown>;
    /** Fields holding secrets; each may come from CONFORMANCE_<PROFILE>_<FIELD> instead. */
    secrets: readonly string[];
    /**
     * Fills in the defaults of a valid section. Throws TargetError, naming the field
     * (`apis.<profile>.…`), for what the schema cannot say: a field that contradicts another.
     */
    resolve(profile: string, raw: Section): S;
    /** host:port addresses where the harness must receive webhook deliveries for this section. */
    webhookListens?(section: S): string[];
  };
  /**
   * The routing keys of a webhook delivery of this API, from its parsed body (undefined when it is
   * not JSON): the ids a test waits on (WebhookSinkClient.waitFor). The sink keeps a delivery under
   * every key any adapter reads from it, and drops one with none.
   */
  deliveryKeys?(json: unknown): string[];
  /** The harmless request(s) the preflight sends: the first whose credential is not refused proves the section usable. */
  preflight(profile: string, section: S): Probe[];
  /**
   * The module of its reference implementation, exporting `reference` (a ReferenceModule): the core
   * imports it only when a run needs it, and the adapter imports nothing of reference/ (which
   * imports the adapter's section type). None for an API the project has no reference of.
   */
  reference?: URL;
  /** The waits a correct target makes unavoidable for a profile's suite (npm run bench's floor). */
  mandatedWaits?(profile: string, section: S): WaitChain[];
  /**
   * The requirements whose checks wait a mandated interval: every one mandatedWaits may name,
   * whatever the timings. The tests tagged with one run on workers of their own (lib/workerShare.ts).
   */
  waitingRequirements?: readonly string[];
  /**
   * The requirements whose checks send hundreds of requests: against a rate-limited target their
   * length is its pace. In a run of a target file, the tests tagged with one start first, on a
   * worker of their own, and keep the pace full while the others run (playwright.config.ts).
   */
  bulkRequirements?: readonly string[];
  /** The first requests of its longest observations, which the runner sends as soon as the run's tests are known. */
  headStarts?: readonly HeadStart<S>[];
  benchmark?: BenchmarkCase<S>;
}

/** The environment variable that may hold a profile's secret field: CONFORMANCE_JAICP_CHAT_TOKEN. */
export function secretEnv(profile: string, field: string): string {
  return `CONFORMANCE_${profile}_${field}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

/** The placeholder that stands for a secret everywhere outside the runner's secret proxy. */
export function placeholderOf(profile: string, field: string): string {
  return `__${profile}-${field}__`;
}
