// A JSON file of the project's, parsed (schemas an adapter ships beside its code).
import { readFileSync } from 'node:fs';

export function readJsonFile<T = Record<string, unknown>>(url: URL): T {
  return JSON.parse(readFileSync(url, 'utf8')) as T;
}
