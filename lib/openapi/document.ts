// Reading an OpenAPI document the harness was pointed at: YAML or JSON (YAML 1.2 reads both), one
// clear configuration error naming the place when it cannot be read or does not parse.
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { TargetError } from '../target.ts';

/**
 * The parsed document. `place` says where the harness was told about it (`target file t.json:
 * apis.jaicp-project.openapi.document`), so the error names both.
 */
export function readDocumentFile(path: string, place: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new TargetError(`${place}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [error] = parsed.errors;
  if (error) {
    const at = error.linePos ? ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}` : '';
    throw new TargetError(`${place}: ${path} is not valid YAML or JSON${at}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const value: unknown = parsed.toJS({ maxAliasCount: 10_000 });
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new TargetError(`${place}: ${path} is not an OpenAPI document (its top level is not a mapping)`);
  const version = (value as { openapi?: unknown }).openapi;
  if ((value as { swagger?: unknown }).swagger !== undefined) throw new TargetError(`${place}: ${path} is Swagger 2.0; the harness reads OpenAPI 3.0 and 3.1 (convert it, e.g. with swagger2openapi)`);
  if (typeof version !== 'string' || !/^3\.[01]\./.test(version)) throw new TargetError(`${place}: ${path} has no "openapi: 3.0.x" or "3.1.x" field (found ${JSON.stringify(version)})`);
  return value as Record<string, unknown>;
}
