// Looking for values inside JSON bodies whose layout the documents do not fix.

/** Every value of a property with this name, at any depth. */
export function propertyValues(json: unknown, name: string): unknown[] {
  const out: unknown[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === name) out.push(v);
        walk(v);
      }
    }
  };
  walk(json);
  return out;
}

/** Every string at any depth (keys excluded). */
export function stringsIn(json: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (typeof node === 'string') out.push(node);
    else if (typeof node === 'number') out.push(String(node));
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  walk(json);
  return out;
}

/** True when a JSON value mentions the marker as a whole string value or inside one. */
export function mentions(json: unknown, marker: string): boolean {
  return stringsIn(json).some((s) => s.includes(marker));
}
