// What a test of the kind creates on the target, kept in the run's ledger (lib/openapi/ledger.ts)
// and removed when the test ends, whatever its checks said: every answer accepting a create or a
// clone is followed (its identifier, and the request that removes it), and at the test's end each
// object not already seen gone is deleted. What cannot be removed is said in the report; what a
// crashed worker left, the runner removes after the run.
import type { HttpClient } from '../../lib/httpClient.ts';
import type { DerivedApi } from '../../lib/openapi/adapter.ts';
import { record, sendRemoval, type Created, type Removal } from '../../lib/openapi/ledger.ts';
import { requestAbout } from '../../lib/openapi/lifecycleRequests.ts';
import { valueOf, type Binding, type Resource } from '../../lib/openapi/lifecycles.ts';
import type { Operation, RequestInstance } from '../../lib/openapi/operations.ts';
import { toRequestSpec, type TokenUse } from '../../lib/openapi/requests.ts';
import { isAccepted } from '../../lib/expectations.ts';

let counter = 0;

/** An object a test created: which, by what request, and its key in the ledger. */
export interface Made {
  key: string;
  resource: Resource;
  id: unknown;
  /** The create's request (its path parameters are the object's parents) and its answer. */
  request: RequestInstance;
  answer: unknown;
}

export class CreatedObjects {
  private readonly made: Made[] = [];
  private readonly gone = new Set<string>();

  constructor(
    private readonly api: DerivedApi,
    private readonly section: { baseUrl: string; token?: TokenUse },
    private readonly context: { run: string; test: string },
  ) {}

  /**
   * Follows an answer of an operation: when it accepted a create or a clone and answered an
   * identifier, the object is tracked for removal. `request` is the create's (for a clone, the source's).
   */
  follow(op: Operation, request: RequestInstance, status: number, answer: unknown): Made | undefined {
    const resource = this.api.resources.find((r) => r.create === op || r.clone?.op === op);
    const id = resource && valueOf(answer, resource.id);
    if (!resource || !isAccepted({ status }) || id === undefined || id === null) return undefined;
    const made: Made = { key: `${process.pid}-${++counter}`, resource, id, request, answer };
    this.made.push(made);
    const entry: Created = {
      event: 'created',
      key: made.key,
      run: this.context.run,
      api: this.api.profile,
      resource: resource.name,
      id,
      by: op.operationId ?? op.key,
      test: this.context.test,
      removal: this.removal(made),
    };
    record(entry);
    return made;
  }

  /** The request that removes an object, or why there is none that may run. */
  private removal(made: Made): Removal | { none: string } {
    const remove = made.resource.remove;
    if (!remove) return { none: `${this.api.file} has no DELETE removing ${made.resource.name}` };
    const notRun = this.api.notRun(remove.op);
    if (notRun) return { none: `it cannot be removed: ${notRun}` };
    const spec = toRequestSpec(
      remove.op,
      requestAbout(this.api.doc, remove, made.request, valueOf(made.answer, remove.property) ?? made.id),
      this.section.token,
    );
    return {
      method: remove.op.method,
      url: `${this.section.baseUrl}${spec.path}`,
      path: spec.path,
      what: `${remove.op.method} ${spec.path}`,
      headers: spec.headers ?? {},
    };
  }

  /** The test saw the object gone (its delete accepted, a read refused): nothing is left to remove. */
  sawGone(made: Made, how: string): void {
    if (this.gone.has(made.key)) return;
    this.gone.add(made.key);
    record({ event: 'removed', key: made.key, how, by: 'test' });
  }

  /** Removes every object the test made and did not see gone, newest first (a clone before its source). */
  async removeAll(http: HttpClient): Promise<void> {
    for (const made of [...this.made].reverse()) {
      if (this.gone.has(made.key)) continue;
      const removal = this.removal(made);
      const outcome =
        'none' in removal
          ? { event: 'not-removed' as const, how: removal.none }
          : await sendRemoval(removal, async (r) => (await http.send({ method: r.method, path: r.path, headers: r.headers })).status);
      record({ ...outcome, key: made.key, by: 'test end' });
    }
  }
}

/** The binding of an operation that takes an object the run can create: the object's resource, and how it is named. */
export function bindingOf(api: DerivedApi, op: Operation): { resource: Resource; binding: Binding } | undefined {
  for (const resource of api.resources) {
    const binding = [resource.read, resource.update, resource.remove, resource.clone, ...resource.lookups].find((b) => b?.op === op);
    if (binding && !api.notRun(resource.create)) return { resource, binding };
  }
  return undefined;
}

/**
 * Points requests of an operation that takes an object at objects the test creates, so that it
 * answers about a real one (an id made up is answered 404, which judges nothing) and never changes
 * one the run did not make. A request naming the object as the base request does (`base`) is
 * pointed at a created one; so is every valid request of an operation that changes data. A DELETE
 * gets a fresh object per request. A request of an operation that changes data that no created
 * object can be given is dropped.
 */
export async function aboutOwnObjects<T extends { instance: RequestInstance }>(
  api: DerivedApi,
  op: Operation,
  requests: readonly T[],
  base: RequestInstance | undefined,
  valid: boolean,
  create: (resource: Resource) => Promise<Made | undefined>,
): Promise<T[]> {
  const bound = bindingOf(api, op);
  if (!bound) return [...requests];
  const { resource, binding } = bound;
  const named = (i: RequestInstance) => i[binding.param.in]?.[binding.param.name];
  const changes = op.method !== 'GET' && op.method !== 'HEAD';
  let shared: Made | undefined;
  const out: T[] = [];
  for (const request of requests) {
    const point = (valid && changes) || (base !== undefined && JSON.stringify(named(request.instance)) === JSON.stringify(named(base)));
    if (!point) {
      out.push(request);
      continue;
    }
    const made = op.method === 'DELETE' ? await create(resource) : (shared ??= await create(resource));
    if (!made) {
      if (!changes) out.push(request);
      continue;
    }
    const value = valueOf(made.answer, binding.property) ?? (binding.property === resource.id ? made.id : undefined);
    const about = requestAbout(api.doc, binding, made.request, value);
    const instance = {
      ...request.instance,
      path: { ...request.instance.path, ...about.path },
      ...(about.query ? { query: { ...request.instance.query, ...about.query } } : {}),
    };
    out.push({ ...request, instance });
  }
  return out;
}
