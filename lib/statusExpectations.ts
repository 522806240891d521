// Status-class expectations. Where a document is silent about the code, any code of the class passes.
import { expect } from '@playwright/test';
import type { Reply } from './httpClient.ts';

export const is2xx = (status: number) => status >= 200 && status < 300;
export const is4xx = (status: number) => status >= 400 && status < 500;

export function assert2xx(reply: Reply, what: string): void {
  expect(is2xx(reply.status), `${what}: expected a 2xx answer, got ${reply.status}\n${reply.text.slice(0, 500)}`).toBe(true);
}

export function assert4xx(reply: Reply, what: string): void {
  expect(is4xx(reply.status), `${what}: expected a 4xx (any client error), got ${reply.status}\n${reply.text.slice(0, 500)}`).toBe(true);
}

/** Either reading of a document passes: accepted (2xx) or refused (4xx); never a redirect or a 5xx. */
export function assert2xxOr4xx(reply: Reply, what: string): void {
  expect(
    reply.status >= 200 && reply.status < 500 && !(reply.status >= 300 && reply.status < 400),
    `${what}: expected a 2xx or a 4xx (either reading of the document), got ${reply.status}\n${reply.text.slice(0, 500)}`,
  ).toBe(true);
}
