// Looking for values inside JSON bodies whose layout the documents do not fix: the one place
// specs walk answers (a check looks for its own traffic anywhere in a body, never by layout).

type Visit = (node: unknown, key: string, parent: unknown) => void;

/** Visits every node, depth first, parents before children. */
function walk(json: unknown, visit: Visit, key = '', parent: unknown = undefined): void {
  visit(json, key, parent);
  if (Array.isArray(json)) json.forEach((v, i) => walk(v, visit, String(i), json));
  else if (json && typeof json === 'object') for (const [k, v] of Object.entries(json)) walk(v, visit, k, json);
}

/** Every value of a property with this name, at any depth. */
export function propertyValues(json: unknown, name: string): unknown[] {
  const out: unknown[] = [];
  walk(json, (node, key, parent) => {
    if (key === name && parent && !Array.isArray(parent)) out.push(node);
  });
  return out;
}

/** Every string at any depth (keys excluded), numbers as their text. */
export function stringsIn(json: unknown): string[] {
  const out: string[] = [];
  walk(json, (node) => {
    if (typeof node === 'string') out.push(node);
    else if (typeof node === 'number') out.push(String(node));
  });
  return out;
}

/** Every number at any depth, with the name of the property that holds it ('' in an array or at the top). */
export function numbersIn(json: unknown): { key: string; value: number }[] {
  const out: { key: string; value: number }[] = [];
  walk(json, (node, key, parent) => {
    if (typeof node === 'number') out.push({ key: Array.isArray(parent) ? '' : key, value: node });
  });
  return out;
}

/** True when a JSON value mentions the text as a whole string value or inside one (a marker the harness sent). */
export function mentions(json: unknown, text: string): boolean {
  return stringsIn(json).some((s) => s.includes(text));
}

/** True when a JSON value holds this id as a whole value, string or number: an id is never matched inside other text. */
export function holdsValue(json: unknown, id: string): boolean {
  return stringsIn(json).includes(id);
}

/** The innermost object that satisfies the predicate (children before their parents), or undefined. */
export function innermostObject(json: unknown, accept: (node: Record<string, unknown>) => boolean): Record<string, unknown> | undefined {
  let found: Record<string, unknown> | undefined;
  const visit = (node: unknown) => {
    if (found) return;
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      Object.values(node).forEach(visit);
      if (!found && accept(node as Record<string, unknown>)) found = node as Record<string, unknown>;
    }
  };
  visit(json);
  return found;
}

/** The longest array whose items are all objects, at any depth (a list whose field name is not known). */
export function longestObjectArray(json: unknown): unknown[] {
  let longest: unknown[] = [];
  walk(json, (node) => {
    if (Array.isArray(node) && node.length > longest.length && node.every((x) => x && typeof x === 'object')) longest = node;
  });
  return longest;
}
