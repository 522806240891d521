// Status-class expectations. Where a document is silent about the code, any code of the class passes.
import { expect } from '@playwright/test';
import type { Reply } from './httpClient.ts';

export function assert2xx(reply: Reply, what: string): void {
  expect(
    reply.status >= 200 && reply.status < 300,
    `${what}: expected a 2xx answer, got ${reply.status}\n${reply.text.slice(0, 500)}`,
  ).toBe(true);
}

export function assert4xx(reply: Reply, what: string): void {
  expect(
    reply.status >= 400 && reply.status < 500,
    `${what}: expected a 4xx (any client error), got ${reply.status}\n${reply.text.slice(0, 500)}`,
  ).toBe(true);
}
