// The project's registry and one line more: the OpenAPI demo, the project's proof of the OpenAPI
// kind. Not a product API (no vendor's --help, --list or report names it): the project's tests that
// use it register this (tests/support/demo.ts) and point their runs at it through CONFORMANCE_REGISTRY.
import { ADAPTERS as PROJECT_ADAPTERS } from '../../specs/registry.ts';
import { openApiDemoAdapter } from './adapter.ts';

export const ADAPTERS = [...PROJECT_ADAPTERS, openApiDemoAdapter];
