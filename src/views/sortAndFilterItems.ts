import type * as vscode from 'vscode';
import { SECTION_INFO, type SectionId } from '../common/sections';
import type { LibraryNode } from './nodes/libraryNode';
import { listIdOfNode, viewArrangement } from './sortAndFilter';

type Shaped = LibraryNode & { playlist?: { id: string; name: string }; track?: { name: string } };

/**
 * The tree item as Sort By and Filter change it: a list says how it is sorted, and a row's label
 * highlights the filter's words (TreeItemLabel highlights: the label stays plain text).
 */
export function decorateItem(node: LibraryNode, item: vscode.TreeItem): vscode.TreeItem {
  const arrangement = viewArrangement.current;
  if (!arrangement) return item;
  const shaped = node as Shaped;
  const ownList = 'entries' in node ? listIdOfNode(shaped) : undefined;
  const described = ownList ? arrangement.describe(ownList) : undefined;
  if (described) item.description = [item.description, described].filter(Boolean).join(' · ');
  // A section's tooltip names Spotify's order ("newest first"); sorted otherwise, it names this one.
  if (described && node.parent === undefined && typeof item.tooltip === 'string' && node.id in SECTION_INFO) item.tooltip = `${SECTION_INFO[node.id as SectionId].contents}, ${described}`;
  const rowList = listIdOfNode(shaped.parent);
  const name = shaped.track?.name ?? shaped.playlist?.name;
  if (rowList && name !== undefined && typeof item.label === 'string') {
    const highlights = arrangement.highlights(rowList, name);
    if (highlights) item.label = { label: item.label, highlights };
  }
  return item;
}
