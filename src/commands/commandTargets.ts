/**
 * The nodes a tree command acts on: with several rows selected, VS Code passes the clicked row and
 * the selection; the selection counts when the clicked row is part of it.
 */
export function commandTargets<T>(node: T | undefined, selected: readonly T[] | undefined): T[] {
  // Array.isArray, not a check for undefined: run from the palette or a keybinding, a command gets any arguments.
  const selection: readonly T[] = Array.isArray(selected) ? selected : [];
  if (selection.length > 0 && (node === undefined || selection.includes(node))) return [...selection];
  return node === undefined ? [] : [node];
}
