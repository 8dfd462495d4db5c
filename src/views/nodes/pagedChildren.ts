import type { PagedList } from '../../library/pagedList';
import { errorNode } from '../errorPresentation';
import type { LibraryNode, SpotifyLink } from './libraryNode';
import { LoadMoreNode } from './loadMoreNode';

/**
 * The children of a paging parent: its loaded entries, then either the failure (with Retry) or
 * "Load more". The first page is fetched on first expand; while it loads the view shows progress.
 */
export async function pagedChildren<T>(
  parent: LibraryNode,
  list: PagedList<T>,
  pageSize: number,
  toNode: (item: T, id: string) => LibraryNode,
  parentLink?: SpotifyLink,
): Promise<LibraryNode[]> {
  await list.ensureLoaded();
  if (list.isLoading && !list.isRevalidating) await list.loadMore(); // a Load more in flight: wait for it, the view shows progress

  const children: LibraryNode[] = [];
  const seen = new Map<string, number>();
  for (const item of list.items) {
    // Ids from content, not position, so expansion and selection survive new entries above.
    const key = nodeKey(item);
    const count = seen.get(key) ?? 0;
    seen.set(key, count + 1);
    children.push(toNode(item, `${parent.id}/${key}${count ? `#${count}` : ''}`));
  }
  if (list.error) children.push(errorNode(parent, list.error, parentLink));
  else if (list.hasMore) children.push(new LoadMoreNode(parent, list as PagedList<unknown>, pageSize));
  return children;
}

function nodeKey(item: unknown): string {
  const record = item as { id?: string; addedAt?: string; name?: string; uriOverride?: string };
  return `${record.id ?? record.uriOverride ?? record.name ?? ''}@${record.addedAt ?? ''}`;
}
