// The project's registry and one line more: the toy.
import { ADAPTERS as PROJECT_ADAPTERS } from '../../specs/registry.ts';
import { toyAdapter } from './adapter.ts';

export const ADAPTERS = [...PROJECT_ADAPTERS, toyAdapter];
