// Which operations a run sends requests to. A conformance run must not change a vendor's data, nor
// make a dialer call numbers or a channel message people: by default only GET and HEAD run, and of
// those only the ones whose words (operationId, summary, the description's first sentence) say
// they change nothing — documents do describe a `GET …/addPhone`. The section's openapi.unsafe
// lets an operation run anyway; openapi.skip keeps one from ever running, whatever its method.
import type { Method, Operation } from './operations.ts';

/** Methods that do not change data (RFC 9110 §9.2.1 lists OPTIONS and TRACE too; documents rarely describe them). */
export const SAFE_METHODS: readonly Method[] = ['GET', 'HEAD'];

/**
 * Verbs that say an operation changes something. Whole words only, with their third-person forms
 * (`adds`, `applies`); not their participles, which describe state (`Get created items`).
 */
const CHANGE_VERBS = [
  'abort',
  'activate',
  'add',
  'append',
  'apply',
  'approve',
  'archive',
  'assign',
  'attach',
  'ban',
  'block',
  'cancel',
  'change',
  'clear',
  'close',
  'commit',
  'confirm',
  'create',
  'deactivate',
  'decline',
  'delete',
  'deploy',
  'detach',
  'dial',
  'disable',
  'drop',
  'edit',
  'enable',
  'erase',
  'execute',
  'import',
  'increment',
  'insert',
  'install',
  'invite',
  'kick',
  'kill',
  'launch',
  'lock',
  'mark',
  'merge',
  'modify',
  'move',
  'notify',
  'pause',
  'publish',
  'purge',
  'push',
  'register',
  'reject',
  'remove',
  'rename',
  'replace',
  'reset',
  'restart',
  'restore',
  'resume',
  'revoke',
  'save',
  'schedule',
  'send',
  'set',
  'start',
  'stop',
  'submit',
  'subscribe',
  'terminate',
  'train',
  'transfer',
  'trigger',
  'unassign',
  'unblock',
  'uninstall',
  'unlink',
  'unlock',
  'unsubscribe',
  'update',
  'upgrade',
  'upload',
  'upsert',
  'write',
];
/** The same in Russian, by stem (добавить, добавляет, создать, отправка ...). */
const CHANGE_STEMS_RU = [
  'добав',
  'созда',
  'отправ',
  'удал',
  'обнов',
  'измен',
  'запуст',
  'останов',
  'сброс',
  'отмен',
  'сохран',
  'публик',
  'импорт',
  'перезапуст',
  'назнач',
];

const FORMS = new Set(CHANGE_VERBS.flatMap((v) => [v, `${v}s`, `${v}es`, v.replace(/y$/, 'ies')]));

/** The words of a text; an identifier's camelCase and snake_case parts apart (`addPhone` → add, phone). */
const wordsOf = (text: string) =>
  text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-zа-яё]+/)
    .filter(Boolean);

const firstSentence = (text: string) => text.split(/(?<=[.!?])\s|\n/)[0];

/** Where an operation's words say it changes something, or undefined: `its summary says "Add"`. */
export function changeWords(op: Operation): string | undefined {
  // An operation without a summary is titled by its description's first line (lib/openapi/operations.ts).
  const summary = op.description?.startsWith(op.summary) ? 'description' : 'summary';
  const places: [string, string | undefined][] = [
    ['operationId', op.operationId],
    [summary, op.summary],
    ['description', op.description && firstSentence(op.description)],
  ];
  for (const [place, text] of places) {
    if (!text) continue;
    const word = wordsOf(text).find((w) => FORMS.has(w) || CHANGE_STEMS_RU.some((s) => w.startsWith(s)));
    if (word) return `its ${place} says "${word}"`;
  }
  return undefined;
}

/** What the section says of which operations run. */
export interface RunPolicy {
  /** operationIds or keys that may run though they may change data. */
  unsafe: readonly string[];
  /** operationIds or keys that never run. */
  skip: readonly string[];
}

const named = (op: Operation, names: readonly string[]) => names.includes(op.key) || (op.operationId !== undefined && names.includes(op.operationId));

/** Why an operation may change data, or undefined when its method and words say it changes nothing. */
function mayChange(op: Operation): string | undefined {
  if (!SAFE_METHODS.includes(op.method)) return `a ${op.method}`;
  return changeWords(op);
}

/** Whether an operation runs, and why (or why not), in a sentence that names it by method and path. */
export function runDecision(op: Operation, policy: RunPolicy): { runs: boolean; why: string } {
  const name = op.operationId ?? op.key;
  const what = `${op.method} ${op.path}`;
  if (named(op, policy.skip)) return { runs: false, why: `${what}: the section's openapi.skip lists "${name}", so it never runs` };
  const change = mayChange(op);
  if (!change) return { runs: true, why: `${what} is a ${op.method} whose words say it changes nothing` };
  if (named(op, policy.unsafe)) return { runs: true, why: `${what} may change data (${change}), and the section's openapi.unsafe lists "${name}"` };
  return { runs: false, why: `${what} may change data (${change}): it runs only when the section's openapi.unsafe lists "${name}"` };
}

/** Whether an operation is harmless whatever the section allows: a GET or HEAD whose words change nothing, not skipped (the preflight's kind). */
export const isHarmless = (op: Operation, policy: RunPolicy) => !named(op, policy.skip) && !mayChange(op);
