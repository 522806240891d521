// The Chat API's requests by the operationIds of schemas/chat-api.openapi.json, without Playwright:
// the specs' client (chatApi.ts) and the head start the runner sends (waits.ts) build them alike.
import { randomUUID } from 'node:crypto';
import { operation } from '../../lib/schemas.ts';
import type { RequestSpec } from '../../lib/httpClient.ts';
import type { ChatApiTarget } from './target.ts';

const DOC = 'chat-api';

/**
 * An operation's path template, from the OpenAPI document: the target's own path where the
 * document marks the real one as not public (x-path-override).
 */
export function operationTemplate(target: Pick<ChatApiTarget, 'paths'>, operationId: string): { method: string; template: string } {
  const { method, path, pathItem } = operation(DOC, operationId);
  const override = (pathItem['x-path-override'] as Record<string, keyof ChatApiTarget['paths']> | undefined)?.[method.toLowerCase()];
  return { method, template: override ? target.paths[override] : path };
}

/** Fills a path template's {token}, {clientId} and {questionId}. */
export function fillPath(template: string, token: string, clientId = '', questionId = ''): string {
  return template
    .replace('{token}', encodeURIComponent(token))
    .replace('{clientId}', encodeURIComponent(clientId))
    .replace('{questionId}', encodeURIComponent(questionId));
}

/** A client of its own: each observation's traffic is told from every other's by it. */
export const newClientId = (): string => `harness-${randomUUID()}`;

/** An operation's request with a JSON body, under the section's token. */
export function operationRequest(target: Pick<ChatApiTarget, 'paths' | 'token'>, operationId: string, json: unknown): RequestSpec {
  const { method, template } = operationTemplate(target, operationId);
  return { method, path: fillPath(template, target.token), json };
}
