// For the project's tests that use the OpenAPI demo (tests/openapi-demo/), imported instead of
// setup.ts: the project's registry and the demo, in this process and, through DEMO_ENV, in the
// runs it starts.
import './setup.ts';
import { fileURLToPath } from 'node:url';
import { useAdapters } from '../../lib/registry.ts';
import { ADAPTERS } from '../openapi-demo/registry.ts';

useAdapters(ADAPTERS);

/** The environment of a run that takes the demo too (as the CLI, the Playwright config and the kill check read it). */
export const DEMO_ENV = { CONFORMANCE_REGISTRY: fileURLToPath(new URL('../openapi-demo/registry.ts', import.meta.url)) };
