// Reading the Library tree the way the workbench does: getChildren / getTreeItem on the real
// provider, and reveal on the real TreeView.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LibraryExtensionApi } from '../../../src/extension';
import type { TrackRecord } from '../../../src/library/records';
import type { LibraryNode } from '../../../src/views/nodes/libraryNode';
import { delay } from './fake';

export type { LibraryNode };

/** A track row (TrackNode): the node carries its record. The test bundle has its own copy of src, so no instanceof. */
export type TrackRow = LibraryNode & { readonly track: TrackRecord };
export type PlaylistRow = LibraryNode & { readonly playlist: { id: string; name: string } };

export const VIEW_CONTAINER_COMMAND = 'workbench.view.extension.spotifyLibrary';
export const COLLAPSE_ALL_COMMAND = 'workbench.actions.treeView.spotifyLibrary.library.collapseAll';

export async function childrenOf(api: LibraryExtensionApi, node?: LibraryNode): Promise<LibraryNode[]> {
  return (await api.tree.getChildren(node)) ?? [];
}

export function itemOf(api: LibraryExtensionApi, node: LibraryNode): vscode.TreeItem {
  return api.tree.getTreeItem(node);
}

export function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** The tooltip's text, plain or Markdown source (String() of a MarkdownString is "[object Object]"). */
export function tooltipOf(item: vscode.TreeItem): string {
  return typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip?.value ?? '');
}

export function isTrackRow(node: LibraryNode): node is TrackRow {
  return 'track' in node;
}

/** The track rows, and the last child when it is not a track (the pager or a message). */
export async function rowsOf(api: LibraryExtensionApi, node: LibraryNode): Promise<{ rows: TrackRow[]; tail?: vscode.TreeItem; tailNode?: LibraryNode; children: LibraryNode[] }> {
  const children = await childrenOf(api, node);
  const rows = children.filter(isTrackRow);
  const last = children[children.length - 1];
  const tailNode = last && !isTrackRow(last) ? last : undefined;
  assert.equal(rows.length + (tailNode ? 1 : 0), children.length, 'only the last child may be something other than a track');
  return { rows, tail: tailNode && itemOf(api, tailNode), tailNode, children };
}

export async function playlistRow(api: LibraryExtensionApi, playlistId: string): Promise<PlaylistRow> {
  const playlists = await childrenOf(api, api.tree.playlists);
  const found = playlists.find((node) => (node as Partial<PlaylistRow>).playlist?.id === playlistId);
  assert.ok(found, `playlist ${playlistId} is listed under Playlists`);
  return found as PlaylistRow;
}

/**
 * TreeView.reveal, retried: the workbench loads tree data asynchronously, and a reveal right after
 * the view opens or changes can fail with "Data tree node not found".
 */
export async function reveal(api: LibraryExtensionApi, node: LibraryNode, options: { expand?: boolean | number; select?: boolean; focus?: boolean }): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 40; attempt++) {
    try {
      await api.treeView.reveal(node, options);
      return;
    } catch (error) {
      lastError = error;
      await delay(150);
    }
  }
  throw lastError;
}

/**
 * Reveal a row, selected and focused, until the workbench reports the selection: a refresh that
 * lands between the reveal and the selection (a sign-in, the indexer) re-renders the list and
 * drops it, so one reveal is not enough on a busy machine.
 */
export async function revealAndSelect(api: LibraryExtensionApi, node: LibraryNode, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await reveal(api, node, { select: true, focus: true });
    const settle = Date.now() + 1_000;
    while (Date.now() < settle) {
      if (api.treeView.selection[0]?.id === node.id) return;
      await delay(50);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${node.id} to be selected`);
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(50);
  }
}

export function themeIconId(item: vscode.TreeItem): string | undefined {
  return item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined;
}

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuEntry[]> };
};

/**
 * The entries of the Library view's item menus (inline buttons: group `inline`; the context menu:
 * every other group) that package.json shows on a tree item with this context value.
 */
export function itemMenuEntries(contextValue: string, where: 'inline' | 'context'): MenuEntry[] {
  return manifest.contributes.menus['view/item/context'].filter((entry) => {
    const match = /viewItem =~ \/(.+)\/([a-z]*)/.exec(entry.when ?? '');
    const inView = (entry.when ?? '').includes('view == spotifyLibrary.library');
    const inline = (entry.group ?? '').startsWith('inline');
    return !!match && inView && inline === (where === 'inline') && new RegExp(match[1], match[2]).test(contextValue);
  });
}

/**
 * Runs the command of `node`'s menu entry the way the workbench does: a tree item's inline button
 * and context menu pass the node itself (the element the provider returned).
 */
export async function runItemMenuCommand(api: LibraryExtensionApi, node: LibraryNode, where: 'inline' | 'context', command: string): Promise<void> {
  const item = itemOf(api, node);
  const entry = itemMenuEntries(item.contextValue ?? '', where).find((candidate) => candidate.command === command);
  assert.ok(entry, `the ${where === 'inline' ? 'inline buttons' : 'context menu'} of ${item.contextValue} offer ${command}`);
  await vscode.commands.executeCommand(entry.command, node);
}
