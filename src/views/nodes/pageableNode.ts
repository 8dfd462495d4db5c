import type { PagedList } from '../../library/pagedList';
import type { LibraryNode } from './libraryNode';

/**
 * A node whose children come a page at a time (GitLens's PageableViewNode): every section root,
 * a playlist, an album, an artist, a show. Its last child is the pager (LoadMoreNode); Load More,
 * Load All, Retry and Grant Access are typed against this and nothing else.
 */
export interface PageableNode extends LibraryNode {
  readonly entries: PagedList<unknown>;
}

export function isPageableNode(node: unknown): node is PageableNode {
  return typeof node === 'object' && node !== null && 'entries' in node;
}

/** What the nodes that own lists need: the model's lists, the page size, and a way to be found when their list changes. */
export interface NodeContext {
  readonly pageSize: () => number;
  /** Remembers the node showing the list under `key`, so a change refreshes just that node. */
  track(key: string, node: LibraryNode): void;
}
