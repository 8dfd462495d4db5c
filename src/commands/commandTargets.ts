/**
 * The nodes a tree command acts on: with several rows selected, VS Code passes the clicked row and
 * the selection; the selection counts when the clicked row is part of it.
 */
export function commandTargets<T>(node: T | undefined, selected: readonly T[] | undefined): T[] {
  if (Array.isArray(selected) && selected.length > 0 && (node === undefined || selected.includes(node))) return [...selected];
  return node === undefined ? [] : [node];
}
