// Spotify's `fields` filter: `a,b.c,d(e,f),items(!track)`. Arrays apply the sub-filter to each
// element; unknown names are simply absent; null stays null (so `item:null` survives `item(id)`).

export interface FieldSpec {
  /** name -> true (whole value) or a nested spec. Empty means "everything but the exclusions". */
  include: Map<string, FieldSpec | true>;
  exclude: Set<string>;
}

export class FieldsSyntaxError extends Error {}

const NAME = /[A-Za-z0-9_$]/;

export function parseFields(text: string): FieldSpec {
  let i = 0;
  const fail = (why: string): never => {
    throw new FieldsSyntaxError(`Invalid fields at ${i}: ${why}`);
  };
  const name = (): string => {
    const start = i;
    while (i < text.length && NAME.test(text[i])) i++;
    if (i === start) fail('expected a field name');
    return text.slice(start, i);
  };
  const list = (): FieldSpec => {
    const spec: FieldSpec = { include: new Map(), exclude: new Set() };
    for (;;) {
      item(spec);
      if (text[i] !== ',') return spec;
      i++;
    }
  };
  const item = (into: FieldSpec): void => {
    if (text[i] === '!') {
      i++;
      into.exclude.add(name());
      return;
    }
    const key = name();
    let sub: FieldSpec | true = true;
    if (text[i] === '.') {
      i++;
      sub = { include: new Map(), exclude: new Set() };
      item(sub);
    } else if (text[i] === '(') {
      i++;
      sub = list();
      if (text[i] !== ')') fail("expected ')'");
      i++;
    }
    into.include.set(key, merge(into.include.get(key), sub));
  };
  const spec = list();
  if (i !== text.length) fail('unexpected character');
  return spec;
}

function merge(a: FieldSpec | true | undefined, b: FieldSpec | true): FieldSpec | true {
  if (a === undefined) return b;
  if (a === true || b === true) return true;
  const include = new Map(a.include);
  for (const [k, v] of b.include) include.set(k, merge(include.get(k), v));
  return { include, exclude: new Set([...a.exclude, ...b.exclude]) };
}

/** A filtered copy of value; the input is never changed. */
export function applyFields(value: unknown, spec: FieldSpec): unknown {
  if (Array.isArray(value)) return value.map((element) => applyFields(element, spec));
  if (value === null || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    if (spec.exclude.has(key)) continue;
    if (spec.include.size === 0) {
      out[key] = source[key];
      continue;
    }
    const sub = spec.include.get(key);
    if (sub === undefined) continue;
    out[key] = sub === true ? source[key] : applyFields(source[key], sub);
  }
  return out;
}
