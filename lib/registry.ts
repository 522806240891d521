// The adapters of this run. Entry points (the Playwright config, bin/, the project's tests) hand the
// registry over once with `useAdapters`; the core asks it for profiles, catalogs and adapters and
// so never imports an API.
import type { ApiAdapter } from './adapter.ts';
import type { Catalog, Requirement } from './requirements.ts';
import { registerDocument } from './schemas.ts';

let registered: readonly ApiAdapter[] | undefined;

/** Makes these the run's adapters. Profile names must be unique across adapters. */
export function useAdapters(list: readonly ApiAdapter[]): void {
  const seen = new Set<string>();
  for (const adapter of list) {
    for (const { name } of adapter.profiles) {
      if (seen.has(name)) throw new Error(`two adapters define the profile "${name}"`);
      seen.add(name);
    }
    for (const [name, url] of Object.entries(adapter.documents)) registerDocument(name, url);
  }
  registered = list;
}

export function adapters(): readonly ApiAdapter[] {
  if (!registered) throw new Error('no adapters registered: an entry point must call useAdapters (see specs/registry.ts)');
  return registered;
}

/** Every profile name, in registry order: the projects of a run and the sections of a target file. */
export function profileNames(): string[] {
  return adapters().flatMap((a) => a.profiles.map((p) => p.name));
}

export function adapterOf(profile: string): ApiAdapter {
  const found = adapters().find((a) => a.profiles.some((p) => p.name === profile));
  if (!found) throw new Error(`no adapter has a profile "${profile}" (known: ${profileNames().join(', ')})`);
  return found;
}

export function catalogOf(profile: string): Catalog {
  return adapterOf(profile).profiles.find((p) => p.name === profile)!.catalog;
}

export function allRequirements(): Requirement[] {
  return adapters().flatMap((a) => a.profiles.flatMap((p) => [...p.catalog.values()]));
}

/** A requirement by its id (`<profile>.<key>`), or undefined. */
export function requirementById(id: string): Requirement | undefined {
  for (const profile of profileNames()) {
    if (id.startsWith(`${profile}.`)) return catalogOf(profile).get(id.slice(profile.length + 1));
  }
  return undefined;
}
