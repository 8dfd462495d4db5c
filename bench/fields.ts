// Small helpers on Spotify's `fields` filter syntax, for the benchmark's byte diagnostics.

/**
 * `fields` without the entry `name` wherever it follows a comma: a bare `,name` or a group
 * `,name(...)` (balanced parentheses), e.g. the deprecated `track(...)` copy or `external_urls`.
 */
export function withoutField(fields: string, name: string): string {
  let result = fields;
  for (let start = result.indexOf(`,${name}`); start >= 0; start = result.indexOf(`,${name}`, start)) {
    let end = start + name.length + 1;
    const next = result[end];
    if (next === '(') {
      let depth = 0;
      for (; end < result.length; end++) {
        if (result[end] === '(') depth++;
        else if (result[end] === ')' && --depth === 0) break;
      }
      if (depth !== 0) return fields;
      end++;
    } else if (next !== undefined && next !== ',' && next !== ')') {
      start = end; // a longer name that only starts with `name`
      continue;
    }
    result = result.slice(0, start) + result.slice(end);
  }
  return result;
}
