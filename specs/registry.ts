// Every API the harness knows: one adapter per API folder, one line each. Adding an API is a new
// folder under specs/ (and reference/) and one line here; README.md ("Adding an API") says how.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiAdapter } from '../lib/adapter.ts';
import { chatApiAdapter } from './chat-api/adapter.ts';
import { ednaThreadsAdapter } from './edna-threads/adapter.ts';
import { liaAdapter } from './lia/adapter.ts';

export const ADAPTERS: readonly ApiAdapter[] = [
  chatApiAdapter,
  ednaThreadsAdapter,
  liaAdapter,
];

/**
 * The adapters a run uses: these, or the ADAPTERS of the module CONFORMANCE_REGISTRY names (the
 * project's test of a toy fifth API points it at a registry with one more line).
 */
export async function runAdapters(env: NodeJS.ProcessEnv = process.env): Promise<readonly ApiAdapter[]> {
  const other = env.CONFORMANCE_REGISTRY;
  if (!other) return ADAPTERS;
  const module = (await import(pathToFileURL(resolve(other)).href)) as { ADAPTERS?: readonly ApiAdapter[] };
  if (!module.ADAPTERS) throw new Error(`CONFORMANCE_REGISTRY=${other}: the module exports no ADAPTERS`);
  return module.ADAPTERS;
}
