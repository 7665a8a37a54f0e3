type Doc = Record<string, unknown>;

/**
 * All values reachable at a dotted path, traversing arrays the way MongoDB index keys do.
 * Returns [] when the path is missing everywhere.
 */
export function valuesAtPath(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split("."), 0, out);
  return out;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[]): void {
  if (i === parts.length) {
    if (Array.isArray(value)) {
      if (value.length === 0) out.push(undefined);
      for (const v of value) out.push(v);
    } else {
      out.push(value);
    }
    return;
  }
  if (value === null || typeof value !== "object") return;
  const key = parts[i] ?? "";
  if (Array.isArray(value)) {
    if (/^\d+$/.test(key)) {
      collect(value[Number(key)], parts, i + 1, out);
      return;
    }
    for (const el of value) collect(el, parts, i, out);
    return;
  }
  const obj = value as Doc;
  if (!Object.prototype.hasOwnProperty.call(obj, key)) return;
  collect(obj[key], parts, i + 1, out);
}

export function getPath(doc: unknown, path: string): unknown {
  let cur: unknown = doc;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Doc)[part];
  }
  return cur;
}

export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split(".");
  let cur: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const part = parts[i] ?? "";
    const next = cur[part];
    if (next === null || typeof next !== "object") {
      const created: Doc = {};
      cur[part] = created;
      cur = created;
    } else {
      cur = next as Doc;
    }
  }
  cur[parts[parts.length - 1] ?? ""] = value;
}
