// What every project test shares, imported first for its effect: the project's registry, as every
// run uses it, and ten generated cases per loop in the runs the tests start — they test the
// harness, not the generators (the embedded-default test and the bench run the full counts).
import { useAdapters } from '../../lib/registry.ts';
import { ADAPTERS } from '../../specs/registry.ts';

useAdapters(ADAPTERS);
process.env.CONFORMANCE_CASES ??= '10';
