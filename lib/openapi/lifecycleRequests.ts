// The requests of a resource's lifecycle (lib/openapi/lifecycles.ts) and what their answers are
// compared by. Each request is the operation's smallest valid one — its required parameters only,
// since an optional one may change what is answered (a currency changes a price) — with the
// object's parents (the create's path parameters) and the parameter naming the object filled in.
import { fullBase, requestErrors, validRequests } from './requests.ts';
import type { Binding, Listing, Resource } from './lifecycles.ts';
import { isObject } from './normalize.ts';
import type { Location, Operation, RequestInstance } from './operations.ts';

const LOCATIONS: readonly Location[] = ['path', 'query', 'header', 'cookie'];

/** An operation's valid request with every optional parameter left out. */
function smallest(doc: string, op: Operation): RequestInstance {
  const base = fullBase(doc, op) ?? {};
  const out: RequestInstance = {};
  for (const location of LOCATIONS) {
    const kept = Object.entries(base[location] ?? {}).filter(([name]) => op.parameters.some((p) => p.in === location && p.name === name && p.required));
    if (kept.length) out[location] = Object.fromEntries(kept);
  }
  if (base.body !== undefined) out.body = base.body;
  return out;
}

/** Sets the create's path parameters that the operation's path shares (the object's parents: `{projectId}`). */
function withParents(op: Operation, request: RequestInstance, created: RequestInstance): RequestInstance {
  const shared = Object.entries(created.path ?? {}).filter(([name]) => op.path.includes(`{${name}}`));
  return shared.length ? { ...request, path: { ...request.path, ...Object.fromEntries(shared) } } : request;
}

/** The request of a bound operation about an object: its smallest, the parents, and the parameter naming the object. */
export function requestAbout(doc: string, binding: Binding, created: RequestInstance, value: unknown, body?: unknown): RequestInstance {
  const request = withParents(binding.op, smallest(doc, binding.op), created);
  const { name, in: location } = binding.param;
  return { ...request, [location]: { ...request[location], [name]: value }, ...(body !== undefined ? { body } : {}) };
}

/** A page of a list: its smallest request, the parents, the largest page size it allows (at most 100), and the page or offset. */
export function pageRequest(doc: string, listing: Listing, created: RequestInstance, position?: number): RequestInstance {
  const request = withParents(listing.op, smallest(doc, listing.op), created);
  const query = { ...request.query };
  if (listing.size) query[listing.size.name] = listing.size.max;
  if (listing.paging && position !== undefined) query[listing.paging.name] = position;
  return Object.keys(query).length ? { ...request, query } : request;
}

/** The objects a list's answer holds (empty when it holds none where the document says). */
export function listedIn(listing: Listing, body: unknown): unknown[] {
  const list = listing.at === '' ? body : isObject(body) ? body[listing.at] : undefined;
  return Array.isArray(list) ? list : [];
}

/**
 * A valid request of an update whose body gives the object other values than it has: what a later
 * read shows is then the update's, not what the object had. Undefined when none is drawn.
 */
export function updateRequest(doc: string, r: Resource, created: RequestInstance, object: Record<string, unknown>): RequestInstance | undefined {
  const binding = r.update!;
  const value = object[binding.property];
  for (const { instance } of validRequests(doc, binding.op, 8)) {
    if (!isObject(instance.body) || !Object.entries(instance.body).some(([k, v]) => k in object && !sameValue(v, object[k]))) continue;
    const request = requestAbout(doc, binding, created, value, instance.body);
    if (requestErrors(doc, binding.op, request).length === 0) return request;
  }
  return undefined;
}

/** Two JSON values alike: numbers by value, objects by the fields the first gives (a server may add its own), arrays item by item. */
export function sameValue(given: unknown, seen: unknown): boolean {
  if (typeof given === 'number' || typeof seen === 'number') return Number(given) === Number(seen) && typeof given === typeof seen;
  if (Array.isArray(given)) return Array.isArray(seen) && given.length === seen.length && given.every((g, i) => sameValue(g, seen[i]));
  if (isObject(given)) return isObject(seen) && Object.entries(given).every(([k, v]) => sameValue(v, seen[k]));
  return given === seen;
}

/** The fields given that an answer shows with another value (one it leaves out is not judged): `price: gave 24.5, read 0.5`. */
export function differences(given: unknown, seen: unknown, except: readonly string[] = []): string[] {
  if (!isObject(given) || !isObject(seen)) return [];
  return Object.entries(given)
    .filter(([k, v]) => !except.includes(k) && k in seen && !sameValue(v, seen[k]))
    .map(([k, v]) => `${k}: gave ${JSON.stringify(v)}, read ${JSON.stringify(seen[k])}`);
}

/** Two identifiers alike: an id answered as a number reads back as a string in a path. */
export const sameId = (a: unknown, b: unknown) => a !== undefined && a !== null && String(a) === String(b);
