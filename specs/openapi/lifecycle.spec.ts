// What a create, an update, a clone or a delete leaves behind, seen through a later call — the
// stateful checks of a resource (lib/openapi/lifecycles.ts, lib/openapi/lifecycleChecks.ts):
// created-is-read, created-is-listed, update-is-read, deleted-is-gone, deleted-not-listed,
// lookup-finds-it, clone-is-new. Each test creates its own object from a valid request and
// follows what the create answered; the objects fixture removes what it made when the test ends.
// A step the target refuses (a 4xx to a valid create, update or delete) leaves nothing to judge:
// the check is skipped, saying so. They run only where every operation they send runs and what
// they create can be removed (openapi.unsafe lists the create and the delete).
import { expect } from '../../fixtures/conformance.ts';
import { isAccepted } from '../../lib/expectations.ts';
import type { HttpClient } from '../../lib/httpClient.ts';
import type { DerivedApi } from '../../lib/openapi/adapter.ts';
import { LIFECYCLE, lifecycleChecksOf, lifecycleKey, type LifecycleCheck } from '../../lib/openapi/lifecycleChecks.ts';
import { differences, listedIn, pageRequest, requestAbout, sameId, updateRequest } from '../../lib/openapi/lifecycleRequests.ts';
import { valueOf, type Binding, type Resource } from '../../lib/openapi/lifecycles.ts';
import { isObject } from '../../lib/openapi/normalize.ts';
import type { Operation, RequestInstance } from '../../lib/openapi/operations.ts';
import { toRequestSpec, validRequests, type TokenUse } from '../../lib/openapi/requests.ts';
import { forProfile } from '../../fixtures/perProfile.ts';
import { NotJudged } from '../../lib/verdict.ts';
import { answerOf, createObject, CREDENTIAL_HINT, derivedApisOfRun, nameOf, refusedCredential, test, tokenOf, type Answered } from './derived.ts';
import type { CreatedObjects, Made } from './objects.ts';

/** The most pages of a list walked for one object. */
const MAX_PAGES = 50;
/** Walks of a list that keeps changing before a miss tells nothing. */
const MAX_WALKS = 4;

const statusOf = (a: Step) => `${nameOf(a.op)} answered ${a.reply.status}`;

interface Step extends Answered {
  op: Operation;
}

/** One test's view of a resource: sends its operations about the objects it creates. */
class Lifecycle {
  constructor(
    readonly api: DerivedApi,
    readonly r: Resource,
    private readonly context: { http: HttpClient; objects: CreatedObjects },
    private readonly token: TokenUse | undefined,
  ) {}

  async send(op: Operation, title: string, instance: RequestInstance): Promise<Step> {
    return { ...(await answerOf(this.context.http, title, toRequestSpec(op, instance, this.token))), op };
  }

  /** A step that must be accepted for the check to judge anything: a refusal leaves nothing to judge. */
  private accepted(step: Step, what: string): Step {
    if (refusedCredential(step)) throw new NotJudged(`${statusOf(step)}: ${CREDENTIAL_HINT}`);
    if (!isAccepted(step.reply)) throw new NotJudged(`${statusOf(step)} to ${what}: nothing was ${what.split(' ')[0].replace(/e?$/, 'ed')} to judge`);
    return step;
  }

  /** Creates an object from the create's first valid request. */
  async create(): Promise<Made> {
    const created = await createObject(this.context, this.api, this.r, this.token);
    if (created.made) return created.made;
    if (!created.answered) throw new NotJudged(created.why);
    this.accepted({ ...created.answered, op: this.r.create }, 'create');
    throw new Error(created.why);
  }

  /** The value of an object's property: as its create answered it. */
  valueOf(made: Made, binding: Binding): unknown {
    return valueOf(made.answer, binding.property) ?? (binding.property === this.r.id ? made.id : undefined);
  }

  about(binding: Binding, made: Made, title: string, body?: unknown): Promise<Step> {
    return this.send(binding.op, title, requestAbout(this.api.doc, binding, made.request, this.valueOf(made, binding), body));
  }

  read(made: Made, title = 'read'): Promise<Step> {
    return this.about(this.r.read!, made, `${title} ${this.r.id} ${JSON.stringify(made.id)}`);
  }

  async remove(made: Made): Promise<Step> {
    return this.accepted(await this.about(this.r.remove!, made, `delete ${this.r.id} ${JSON.stringify(made.id)}`), 'delete');
  }

  /**
   * Whether the list holds the id, walking its pages until the object is found or the list ends, and whether a
   * walk saw the whole list. A walk of several requests is no snapshot: objects others add or remove meanwhile (other
   * tests, other users) shift the pages, and an object moved onto a page already read is missed. A miss counts only
   * when the list was read in one request, or two walks in a row saw the very same list; one that changes at every
   * walk is `changing`, and tells nothing.
   */
  async listHolds(made: Made, id: unknown): Promise<Walk> {
    let last: string | undefined;
    for (let walk = 1; ; walk++) {
      const found = await this.walkList(made, id);
      if (found.holds || !found.whole || found.pages === 1) return found;
      const ids = [...found.ids].sort().join('\n');
      if (ids === last) return found;
      if (walk === MAX_WALKS) return { ...found, whole: false, changing: true };
      last = ids;
    }
  }

  /** One walk of the list's pages, until the object is found or the list ends. */
  private async walkList(made: Made, id: unknown): Promise<Walk & { ids: Set<string> }> {
    const listing = this.r.list!;
    const seen = new Set<string>();
    let position = listing.paging?.start;
    for (let page = 1; page <= MAX_PAGES; page++) {
      const step = this.accepted(await this.send(listing.op, `list, page ${page}`, pageRequest(this.api.doc, listing, made.request, position)), 'list');
      const ids = listedIn(listing, step.reply.json).map((o) => String(valueOf(o, this.r.id)));
      if (ids.some((x) => sameId(id, x))) return { holds: true, whole: false, pages: page, seen: seen.size + ids.length, ids: seen };
      const fresh = ids.filter((x) => !seen.has(x));
      for (const x of fresh) seen.add(x);
      // The end: an empty page, a page with nothing new (a list that does not page), or no way to ask for the next.
      if (fresh.length === 0 || !listing.paging || position === undefined) return { holds: false, whole: true, pages: page, seen: seen.size, ids: seen };
      position += listing.paging.kind === 'page' ? 1 : ids.length;
    }
    return { holds: false, whole: false, pages: MAX_PAGES, seen: seen.size, ids: seen };
  }
}

/** What walking a list found: whether it holds the object, whether the walk saw all of it, and whether the list kept changing. */
interface Walk {
  holds: boolean;
  whole: boolean;
  pages: number;
  seen: number;
  changing?: boolean;
}

/** Why a walk that did not see the whole list tells nothing. */
const partial = (found: Walk) =>
  found.changing
    ? `the list changed during each of ${MAX_WALKS} walks of its ${found.pages} pages (objects added or removed meanwhile shift the pages)`
    : `the list has more than ${MAX_PAGES} pages`;

/** Judges a read of an object: answered, with its identifier and the fields given. */
function judgeRead(life: Lifecycle, step: Step, id: unknown, given: unknown, what: string, except: readonly string[] = []): void {
  if (refusedCredential(step)) throw new NotJudged(`${statusOf(step)}: ${CREDENTIAL_HINT}`);
  expect(step.reply).toBe2xx(`${nameOf(step.op)}, reading back ${what}`);
  const answered = valueOf(step.reply.json, life.r.id);
  if (answered !== undefined && !sameId(id, answered))
    throw new Error(`${statusOf(step)} with ${life.r.id} ${JSON.stringify(answered)}, not ${JSON.stringify(id)}: another object than ${what}`);
  const diff = differences(given, step.reply.json, except);
  if (diff.length) throw new Error(`${statusOf(step)}, but not with what ${what} was given: ${diff.join('; ')}`);
}

const CHECKS: Record<LifecycleCheck, { title: string; run: (life: Lifecycle, objects: CreatedObjects) => Promise<void> }> = {
  [LIFECYCLE.createdRead]: {
    title: 'what is created reads back as it was given',
    async run(life) {
      const made = await life.create();
      judgeRead(
        life,
        await life.read(made),
        made.id,
        made.request.body,
        `the object ${nameOf(life.r.create)} created (${life.r.id} ${JSON.stringify(made.id)})`,
      );
    },
  },
  [LIFECYCLE.createdListed]: {
    title: 'what is created is listed',
    async run(life) {
      const made = await life.create();
      const found = await life.listHolds(made, made.id);
      if (found.holds) return;
      if (!found.whole) throw new NotJudged(`${partial(found)}, none of which held ${life.r.id} ${JSON.stringify(made.id)}`);
      throw new Error(
        `${nameOf(life.r.list!.op)} (${found.pages} page(s), ${found.seen} objects) does not hold ${life.r.id} ${JSON.stringify(made.id)}, which ${nameOf(life.r.create)} created`,
      );
    },
  },
  [LIFECYCLE.updateRead]: {
    title: 'an update is what a later read shows',
    async run(life) {
      const made = await life.create();
      const object = isObject(made.answer) ? made.answer : isObject(made.request.body) ? made.request.body : {};
      const request = updateRequest(life.api.doc, life.r, made.request, { ...(isObject(made.request.body) ? made.request.body : {}), ...object });
      if (!request) throw new NotJudged(`no valid request of ${nameOf(life.r.update!.op)} giving other values was drawn with this seed`);
      const update = await life.send(life.r.update!.op, `update ${life.r.id} ${JSON.stringify(made.id)}`, request);
      if (refusedCredential(update) || !isAccepted(update.reply)) throw new NotJudged(`${statusOf(update)} to the update: nothing was updated to judge`);
      judgeRead(life, await life.read(made, 'read after the update:'), made.id, request.body, `the update (${statusOf(update)})`);
    },
  },
  [LIFECYCLE.deletedGone]: {
    title: 'what is deleted reads as gone',
    async run(life, objects) {
      const made = await life.create();
      const removed = await life.remove(made);
      const read = await life.read(made, 'read after the delete:');
      if (refusedCredential(read)) throw new NotJudged(`${statusOf(read)}: ${CREDENTIAL_HINT}`);
      expect(read.reply).toBeRefused(`${statusOf(removed)} to the delete; ${nameOf(read.op)}, reading the object after it (is it still there?)`);
      objects.sawGone(made, `${statusOf(removed)}, then ${statusOf(read)}`);
    },
  },
  [LIFECYCLE.deletedUnlisted]: {
    title: 'what is deleted is no longer listed',
    async run(life) {
      const made = await life.create();
      const before = await life.listHolds(made, made.id);
      if (!before.holds) throw new NotJudged(`the list did not hold ${life.r.id} ${JSON.stringify(made.id)} before the delete (created-is-listed judges that)`);
      const removed = await life.remove(made);
      const after = await life.listHolds(made, made.id);
      if (after.holds)
        throw new Error(
          `${statusOf(removed)} to the delete, yet page ${after.pages} of ${nameOf(life.r.list!.op)} still holds ${life.r.id} ${JSON.stringify(made.id)}`,
        );
      if (!after.whole) throw new NotJudged(`${partial(after)}: that none holds the deleted object cannot be told`);
    },
  },
  [LIFECYCLE.lookup]: {
    title: 'every lookup finds the object created',
    async run(life) {
      const made = await life.create();
      for (const lookup of life.r.lookups) {
        const value = life.valueOf(made, lookup);
        if (value === undefined)
          throw new NotJudged(`${nameOf(life.r.create)} answered no ${lookup.property} for ${nameOf(lookup.op)} to look the object up by`);
        const step = await life.about(lookup, made, `look up by ${lookup.property} ${JSON.stringify(value)}`);
        if (refusedCredential(step)) throw new NotJudged(`${statusOf(step)}: ${CREDENTIAL_HINT}`);
        expect(step.reply).toBe2xx(
          `${nameOf(step.op)} for ${lookup.property} ${JSON.stringify(value)}, which ${nameOf(life.r.create)} answered for ${life.r.id} ${JSON.stringify(made.id)}`,
        );
        const ids = Array.isArray(step.reply.json) ? step.reply.json.map((o) => valueOf(o, life.r.id)) : [valueOf(step.reply.json, life.r.id)];
        if (!ids.some((x) => sameId(made.id, x)))
          throw new Error(
            `${statusOf(step)} for ${lookup.property} ${JSON.stringify(value)} with ${life.r.id} ${ids.map((x) => JSON.stringify(x)).join(', ')}: not the object ${nameOf(life.r.create)} created (${life.r.id} ${JSON.stringify(made.id)})`,
          );
      }
    },
  },
  [LIFECYCLE.clone]: {
    title: "a clone is a new object with the source's content",
    async run(life, objects) {
      const made = await life.create();
      const clone = life.r.clone!;
      const base = validRequests(life.api.doc, clone.op, 1)[0]?.instance ?? {};
      const step = await life.about(clone, made, `clone ${life.r.id} ${JSON.stringify(made.id)}`, base.body);
      if (refusedCredential(step) || !isAccepted(step.reply)) throw new NotJudged(`${statusOf(step)} to the clone: nothing was cloned to judge`);
      const id = valueOf(step.reply.json, life.r.id);
      if (id === undefined || id === null) throw new Error(`${statusOf(step)} with no ${life.r.id}: the clone cannot be told from its source`);
      if (sameId(made.id, id)) throw new Error(`${statusOf(step)} with the source's own ${life.r.id} ${JSON.stringify(id)}: no new object`);
      const copy = objects.follow(clone.op, made.request, step.reply.status, step.reply.json)!;
      const own = isObject(base.body) ? Object.keys(base.body) : [];
      judgeRead(life, await life.read(copy, 'read the clone:'), id, made.request.body, `the clone of ${life.r.id} ${JSON.stringify(made.id)}`, own);
    },
  },
};

for (const api of derivedApisOfRun()) {
  forProfile(test, api.profile, () => {
    for (const r of api.resources) {
      for (const check of lifecycleChecksOf(r)) {
        const key = lifecycleKey(r, check);
        test(`${r.name}: ${CHECKS[check].title}`, { tag: [`@${key}`] }, async ({ http, section, check: judge, objects }) => {
          const why = api.lifecycleNotRun(r, check);
          test.skip(why !== undefined, why);
          const life = new Lifecycle(api, r, { http, objects }, tokenOf(section));
          await judge(key, () => CHECKS[check].run(life, objects));
        });
      }
    }
  });
}
