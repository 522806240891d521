// What a test of the kind creates on the target, kept in the run's ledger (lib/openapi/ledger.ts)
// and removed when the test ends, whatever its checks said: every answer accepting a create or a
// clone is followed (its identifier, and the request that removes it), and at the test's end each
// object not already seen gone is deleted. What cannot be removed is said in the report; what a
// crashed worker left, the runner removes after the run.
import type { APIRequestContext } from '@playwright/test';
import { HttpClient } from '../../lib/httpClient.ts';
import type { DerivedApi } from '../../lib/openapi/adapter.ts';
import { record, sendRemoval, type Created, type Removal } from '../../lib/openapi/ledger.ts';
import { requestAbout } from '../../lib/openapi/lifecycleRequests.ts';
import { valueOf, type Resource } from '../../lib/openapi/lifecycles.ts';
import type { Operation, RequestInstance } from '../../lib/openapi/operations.ts';
import { toRequestSpec, type TokenUse } from '../../lib/openapi/requests.ts';
import { is2xx } from '../../lib/statusExpectations.ts';

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
    if (!resource || !is2xx(status) || id === undefined || id === null) return undefined;
    const made: Made = { key: `${process.pid}-${++counter}`, resource, id, request, answer };
    this.made.push(made);
    const entry: Created = { event: 'created', key: made.key, run: this.context.run, api: this.api.profile, resource: resource.name, id, by: op.operationId ?? op.key, test: this.context.test, removal: this.removal(made) };
    record(entry);
    return made;
  }

  /** The request that removes an object, or why there is none that may run. */
  private removal(made: Made): Removal | { none: string } {
    const remove = made.resource.remove;
    if (!remove) return { none: `${this.api.file} has no DELETE removing ${made.resource.name}` };
    const notRun = this.api.notRun(remove.op);
    if (notRun) return { none: `it cannot be removed: ${notRun}` };
    const spec = toRequestSpec(remove.op, requestAbout(this.api.doc, remove, made.request, valueOf(made.answer, remove.property) ?? made.id), this.section.token);
    return { method: remove.op.method, url: `${this.section.baseUrl}${spec.path}`, path: spec.path, what: `${remove.op.method} ${spec.path}`, headers: spec.headers ?? {} };
  }

  /** The test saw the object gone (its delete accepted, a read refused): nothing is left to remove. */
  sawGone(made: Made, how: string): void {
    if (this.gone.has(made.key)) return;
    this.gone.add(made.key);
    record({ event: 'removed', key: made.key, how, by: 'test' });
  }

  /** Removes every object the test made and did not see gone, newest first (a clone before its source). */
  async removeAll(request: APIRequestContext): Promise<void> {
    const http = new HttpClient(request, this.section.baseUrl, []);
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
