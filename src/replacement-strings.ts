// Texts a page replaces through a property (`strings`): whatever the property holds (a Proxy that throws,
// symbols, numbers), the defaults stand for what cannot be read as text, and reading it never throws.

/** `source[key]`, or `undefined` when `source` is no object or reading it throws. */
export function readKey(source: unknown, key: string): unknown {
  try {
    return typeof source === 'object' && source !== null ? Reflect.get(source, key) : undefined;
  } catch {
    return undefined;
  }
}

/** `defaults`, with each key that `source` holds as a string replaced by it. */
export function overDefaults<K extends string>(defaults: Record<K, string>, source: unknown): Record<K, string> {
  const result = { ...defaults };
  for (const key in defaults) {
    const value = readKey(source, key);
    if (typeof value === 'string') result[key] = value;
  }
  return result;
}
