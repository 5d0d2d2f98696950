/** Returns a deep copy of `obj` with the dotted `path` set to `value` (intermediate objects are created). */
export function withPath<T extends object>(obj: T, path: string, value: unknown): T {
  const keys = path.split(".");
  const root: any = structuredClone(obj);
  let node = root;
  for (const key of keys.slice(0, -1)) {
    if (node[key] === undefined || node[key] === null || typeof node[key] !== "object" || Array.isArray(node[key])) node[key] = {};
    node = node[key];
  }
  node[keys[keys.length - 1]!] = structuredClone(value);
  return root as T;
}

/** Reads the dotted `path` of `obj` (undefined when any part is missing). */
export function getPath(obj: unknown, path: string): unknown {
  let node: any = obj;
  for (const key of path.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[key];
  }
  return node;
}
