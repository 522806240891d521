// The demo stock API: an adapter of the OpenAPI kind built from the project's own document
// (openapi-demo.openapi.yml here), with a reference server (reference/ here) whose faults violate
// each derived requirement. Its requirements, specs and section are the kind's; only the reference
// is its own. Not an API of the product: the project's tests add it (registry.ts here).
import { fileURLToPath } from 'node:url';
import { openApiKind } from '../../specs/openapi/kind.ts';

export const openApiDemoAdapter = await openApiKind({
  name: 'openapi-demo',
  document: fileURLToPath(new URL('./openapi-demo.openapi.yml', import.meta.url)),
  // Creating, changing and deleting items is what the demo's reference is for: it keeps them in memory.
  unsafe: ['createItem', 'addTag', 'updateItem', 'deleteItem', 'cloneItem'],
  fixedDocument: true,
  // The project's own document: tests/openapiDocument.test.ts shows it valid; no run need pay for validating it.
  validated: false,
  reference: new URL('./reference/index.ts', import.meta.url),
});
