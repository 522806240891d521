// Every API the harness knows: one adapter per API folder, one line each. Adding an API is a new
// folder under specs/ (and reference/) and one line here; README.md ("Adding an API") says how.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ApiAdapter } from '../lib/adapter.ts';
import { hasOpenApiSections } from '../lib/openapi/kindSections.ts';
import { chatApiAdapter } from './chat-api/adapter.ts';
import { ednaThreadsAdapter } from './edna-threads/adapter.ts';
import { liaAdapter } from './lia/adapter.ts';

export const ADAPTERS: readonly ApiAdapter[] = [chatApiAdapter, ednaThreadsAdapter, liaAdapter];

/**
 * The adapters a run uses: these, or the ADAPTERS of the module CONFORMANCE_REGISTRY names (the
 * project's tests point it at a registry with one more line: the toy API's, tests/toy-api/, or the
 * OpenAPI demo's, tests/openapi-demo/); and one of the
 * OpenAPI kind per `openapi` section of the target file CONFORMANCE_TARGET names. Throws
 * TargetError when such a section cannot be used (its document does not parse, say).
 */
export async function runAdapters(env: NodeJS.ProcessEnv = process.env): Promise<readonly ApiAdapter[]> {
  const other = env.CONFORMANCE_REGISTRY;
  let registered = ADAPTERS;
  if (other) {
    const module = (await import(pathToFileURL(resolve(other)).href)) as { ADAPTERS?: readonly ApiAdapter[] };
    if (!module.ADAPTERS) throw new Error(`CONFORMANCE_REGISTRY=${other}: the module exports no ADAPTERS`);
    registered = module.ADAPTERS;
  }
  if (!hasOpenApiSections(env.CONFORMANCE_TARGET)) return registered;
  const { targetFileApis } = await import('./openapi/kind.ts');
  const fromTarget = await targetFileApis(env, registered);
  return fromTarget.length ? [...registered, ...fromTarget] : registered;
}
