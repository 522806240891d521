// The OpenAPI adapter kind in this project: its generic specs are this folder. The kind itself is
// the core's (lib/openapi/); this module only says where its specs are, for the project's demo
// (tests/openapi-demo/) and for the target file's openapi sections (specs/registry.ts), and hands the sections the JAICP
// catalogue (seed 004) they may name their API's entry in.
import { fileURLToPath } from 'node:url';
import type { ApiAdapter } from '../../lib/adapter.ts';
import { openApiAdapter, type OpenApiAdapter, type OpenApiOptions } from '../../lib/openapi/adapter.ts';
import { openApiSectionAdapters } from '../../lib/openapi/sections.ts';
import { JAICP_CATALOGUE } from './jaicpCatalogue.ts';

const SPECS = fileURLToPath(new URL('.', import.meta.url));

/** An adapter of the kind, for an API the project knows (its demo, tests/openapi-demo/). */
export const openApiKind = (options: Omit<OpenApiOptions, 'specDir'>): Promise<OpenApiAdapter> => openApiAdapter({ ...options, specDir: SPECS });

/** The adapters of the openapi sections of the target file CONFORMANCE_TARGET names (none without one). */
export const targetFileApis = (env: NodeJS.ProcessEnv, taken: readonly ApiAdapter[]): Promise<OpenApiAdapter[]> =>
  openApiSectionAdapters(env.CONFORMANCE_TARGET, taken, { specDir: SPECS, catalogue: JAICP_CATALOGUE }, env);
