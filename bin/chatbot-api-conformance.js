#!/usr/bin/env node
// The installed command (`npx chatbot-api-conformance`): bin/conformance.ts run by this package's
// own tsx, in this process, so arguments, output and the exit code are the CLI's own. Plain
// JavaScript because npm links a bin that node must start without help. The package's tsconfig,
// not one that happens to lie in the caller's folder, says how its TypeScript compiles.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
await import('./conformance.ts');
