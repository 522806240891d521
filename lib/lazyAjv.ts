// ajv (JSON Schema 2020-12) and ajv-formats, loaded at the first validation: a process that validates
// nothing, or not yet, does not pay their load (70-80 ms of a core) at its start. Every Playwright
// worker loads the modules that validate, and the waiting tests' workers start the run's floor.
import { createRequire } from 'node:module';
import type { Ajv2020 } from 'ajv/dist/2020.js';

const load = createRequire(import.meta.url);

export type Ajv2020Class = typeof Ajv2020;

/** The Ajv2020 class. */
export const ajv2020 = (): Ajv2020Class => (load('ajv/dist/2020.js') as { Ajv2020: Ajv2020Class }).Ajv2020;

/** ajv-formats' plugin: adds the formats (date-time, uri, email, ...) to an instance. */
export const addFormats = (ajv: Ajv2020): void => (load('ajv-formats') as (a: Ajv2020) => void)(ajv);
