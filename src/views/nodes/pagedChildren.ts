import * as vscode from 'vscode';
import type { PagedList } from '../../library/pagedList';
import { errorNode, noticeNode } from '../errorPresentation';
import { rowKey as nodeKey, shownRows } from '../shownRows';
import { listIdOfNode, viewArrangement } from '../sortAndFilter';
import type { LibraryNode, SpotifyLink } from './libraryNode';
import { LoadMoreNode } from './loadMoreNode';
import type { PageableNode } from './pageableNode';

export interface PagedChildrenOptions {
  /** What an empty list says, so that expanding it never shows nothing at all (short: it must fit the sidebar). */
  emptyLabel: string;
  /** The empty row's whole explanation, when the label is a shortening of it. */
  emptyTooltip?: string;
  /** The parent's Spotify link, offered where Spotify shows the list only in its own apps. */
  parentLink?: SpotifyLink;
  /** What a refusal (403) means for this list, said as a notice with Open in Spotify instead of an error. */
  refusal?: { label: string; tooltip: string };
  /** The empty row offers Open in Spotify (the parent's link): Spotify shows more in its own apps. */
  emptyLink?: boolean;
  /** Rows above the entries (a notice that a permission would add detail). */
  head?: LibraryNode[];
}

/**
 * The children of a paging parent: its entries the user paged to (see ShownRows), then either the failure (with Retry) or
 * "Load more"; an empty list says so. The first page is fetched on first expand; while it loads
 * the view shows progress.
 */
export async function pagedChildren<T>(
  parent: PageableNode,
  list: PagedList<T>,
  pageSize: number,
  toNode: (item: T, id: string) => LibraryNode,
  options: PagedChildrenOptions,
): Promise<LibraryNode[]> {
  await list.ensureLoaded();
  if (list.isLoading && !list.isRevalidating) await list.loadMore(); // a Load more in flight: wait for it, the view shows progress

  const children: LibraryNode[] = [...(options.head ?? [])];
  const seen = new Map<string, number>();
  // Sorted and filtered as the user chose (Sort By..., Filter...); ids stay content-based either way.
  const listId = listIdOfNode(parent);
  const arrangement = listId ? viewArrangement.current : undefined;
  // Sorted or filtered, the whole list (Sort loaded it); else the pages the user paged to.
  const shown = shownRows.count(list, pageSize);
  const items = arrangement && listId && arrangement.rearranges(listId) ? arrangement.arrange(listId, list.items) : list.items.slice(0, shown);
  for (const item of items) {
    // Ids from content, not position, so expansion and selection survive new entries above.
    const key = nodeKey(item);
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    children.push(toNode(item, `${parent.id}/${key}${count ? `#${count}` : ''}`));
  }
  if (list.error) children.push(errorNode(parent, list.error, options.parentLink, options.refusal));
  else if (list.hasMore || items.length < list.items.length) children.push(new LoadMoreNode(parent, pageSize));
  else if (children.length === 0 && listId && arrangement?.filters(listId)) {
    const noMatches = vscode.l10n.t('No matches for “{0}”', arrangement.filter?.text ?? '');
    children.push(noticeNode(`${parent.id}/~empty`, parent, noMatches, noMatches));
  } else if (list.items.length === 0) {
    children.push(noticeNode(`${parent.id}/~empty`, parent, options.emptyLabel, options.emptyTooltip, options.emptyLink ? options.parentLink : undefined));
  }
  return children;
}
