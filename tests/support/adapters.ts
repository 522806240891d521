// The project's tests use the project's registry, as every run does (imported first, for its effect).
import { useAdapters } from '../../lib/registry.ts';
import { ADAPTERS } from '../../specs/registry.ts';

useAdapters(ADAPTERS);
