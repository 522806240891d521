// The embedded reference: every registered adapter's reference server, started and described as a
// target, so that the suite runs with no server of the user's own. Faults and variants are
// switched on by name (REFERENCE_FAULTS, REFERENCE_VARIANTS); an unknown name is an error.
import { randomUUID } from 'node:crypto';
import { secretEnv, type ApiAdapter, type ReferenceModule } from './adapter.ts';
import { adapters } from './registry.ts';
import type { Target } from './target.ts';

export interface EmbeddedOptions {
  /** Comma-separated fault names; default REFERENCE_FAULTS. */
  faults?: string;
  /** Comma-separated variant names; default REFERENCE_VARIANTS. */
  variants?: string;
  /** host:port of the webhook sink the references deliver to. */
  webhookListen?: string;
  /** Where planted secrets come from (CONFORMANCE_<PROFILE>_<FIELD>); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Only these adapters (default: every registered one). */
  only?: readonly ApiAdapter[];
  /** It serves many runs in a row (see ReferenceOptions.manyRuns). */
  manyRuns?: boolean;
}

export interface RunningEmbedded {
  /** The running servers, described as a target file would describe them (resolveReferenceTarget fills in the defaults). */
  target: Target;
  close(): Promise<void>;
}

const names = (spec: string | undefined) =>
  new Set(
    (spec ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );

/** What an adapter without a reference (a vendor's OpenAPI section) starts: nothing. */
const NO_REFERENCE: ReferenceModule = { faults: [], variants: [], start: async () => ({ sections: {}, close: async () => {} }) };

const referenceOf = async (adapter: ApiAdapter): Promise<ReferenceModule> =>
  adapter.reference ? ((await import(adapter.reference.href)) as { reference: ReferenceModule }).reference : NO_REFERENCE;

/** Every registered adapter's reference module (each loaded once). */
export async function referenceModules(list: readonly ApiAdapter[] = adapters()): Promise<Map<ApiAdapter, ReferenceModule>> {
  return new Map(await Promise.all(list.map(async (a) => [a, await referenceOf(a)] as const)));
}

export async function startEmbeddedReference(options: EmbeddedOptions = {}): Promise<RunningEmbedded> {
  const env = options.env ?? process.env;
  const faults = names(options.faults ?? env.REFERENCE_FAULTS);
  const variants = names(options.variants ?? env.REFERENCE_VARIANTS);
  const modules = await referenceModules(options.only ?? adapters());
  const known = (pick: (m: ReferenceModule) => readonly { name: string }[]) => new Set([...modules.values()].flatMap((m) => pick(m).map((x) => x.name)));
  for (const [kind, wanted, have] of [
    ['fault', faults, known((m) => m.faults)],
    ['variant', variants, known((m) => m.variants)],
  ] as const) {
    const unknown = [...wanted].filter((n) => !have.has(n));
    if (unknown.length) throw new Error(`unknown reference ${kind}(s): ${unknown.join(', ')}`);
  }
  // A planted secret (the environment's) becomes the reference's own credential.
  const secret = (profile: string, field: string) => env[secretEnv(profile, field)] || `ref-${profile}-${randomUUID()}`;
  const target: Target = { name: 'embedded-reference', apis: {}, expectedFailures: [] };
  const closers: (() => Promise<void>)[] = [];
  try {
    for (const module of modules.values()) {
      // A variant is a conforming path where this API's document leaves room: only the references that list it take it.
      const own = new Set([...variants].filter((v) => module.variants.some((x) => x.name === v)));
      const running = await module.start({ faults, variants: own, webhookListen: options.webhookListen, secret, manyRuns: options.manyRuns });
      closers.push(running.close);
      Object.assign(target.apis, running.sections);
    }
  } catch (err) {
    await Promise.all(closers.map((c) => c()));
    throw err;
  }
  return { target, close: async () => void (await Promise.all(closers.map((c) => c()))) };
}
