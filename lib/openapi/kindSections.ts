// Which sections of a target file are of the OpenAPI kind (those with an `openapi` field), read
// without the kind's machinery: a run whose target file has none never loads it (a YAML parser,
// the document normalizer: a sixth of a second in the runner and in every worker).
import { readFileSync } from 'node:fs';
import { isObject } from '../isObject.ts';
import { parseTargetText } from '../targetJson.ts';

/** The `apis` entries of a parsed target file that have an `openapi` field. */
export function openApiSections(raw: unknown): [string, Record<string, unknown>][] {
  const apis = isObject(raw) && isObject(raw.apis) ? raw.apis : {};
  return Object.entries(apis).filter((entry): entry is [string, Record<string, unknown>] => isObject(entry[1]) && entry[1].openapi !== undefined);
}

/** Whether the target file has a section of the OpenAPI kind; false when it cannot be read or parsed (loading the file says why). */
export function hasOpenApiSections(targetFile: string | undefined): boolean {
  if (!targetFile) return false;
  try {
    return openApiSections(parseTargetText(readFileSync(targetFile, 'utf8'))).length > 0;
  } catch {
    return false;
  }
}
