import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { readSettings } from '../common/config';
import { type HistorySectionId, isHistorySection, type SectionId } from '../common/sections';
import type { LibraryChange, LibraryModel } from '../library/libraryModel';
import { LIKED_SONGS_URI, LIKED_SONGS_URL } from '../library/records';
import { AlbumNode } from './nodes/albumNode';
import { ArtistNode } from './nodes/artistNode';
import { EpisodeNode } from './nodes/episodeNode';
import type { LibraryNode } from './nodes/libraryNode';
import type { NodeContext } from './nodes/pageableNode';
import { PlaylistNode } from './nodes/playlistNode';
import { SearchResultsNode } from './nodes/searchResultsNode';
import { decorateItem } from './sortAndFilterItems';
import { isSectionNode, SectionNode } from './nodes/sectionNode';
import { ShowNode } from './nodes/showNode';
import { TrackNode } from './nodes/trackNode';
import { shownRows } from './shownRows';

/**
 * The Library view's data: the sections the user shows, in their order, while signed in; nothing
 * while signed out (the welcome view shows then). Model changes refresh just the node whose list changed.
 */
export class LibraryTreeProvider extends Disposable implements vscode.TreeDataProvider<LibraryNode> {
  readonly #changeEmitter = this._register(new vscode.EventEmitter<LibraryNode | undefined>());
  readonly onDidChangeTreeData = this.#changeEmitter.event;

  readonly likedSongs: SectionNode<'liked', TrackNode>;
  readonly playlists: SectionNode<'playlists', PlaylistNode>;
  /** What Search Spotify opened: on top while it holds something. */
  readonly searchResults: SearchResultsNode;
  /** Every section's root, shown or not: hidden ones are simply not returned (and so never load). */
  readonly roots: { readonly [K in SectionId]: SectionNode<K> };
  /** Roots that show the user's listening, not the library (Recently Played): added by their section, shown where the setting puts them. */
  readonly #historyRoots = new Map<HistorySectionId, { node: LibraryNode; refresh(): Promise<void> }>();
  /** The node showing each list under a row, by the model's list key. */
  readonly #tracked = new Map<string, LibraryNode>();
  #signedIn = false;
  readonly #model: LibraryModel;
  #pending = new Set<LibraryNode | undefined>();
  #flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    model: LibraryModel,
    /** Rows per page, as the nodes page (the pager commands page by the same). */
    readonly pageSize: () => number,
  ) {
    super();
    this.#model = model;
    const context: NodeContext = { pageSize, track: (key, node) => this.#tracked.set(key, node) };
    this.searchResults = new SearchResultsNode(model, context);
    // A section is its SECTION_INFO entry, its list (library/listDescriptions.ts) and here the row its entries get.
    this.likedSongs = new SectionNode('liked', model, pageSize, {
      // Every song here is liked, known without asking Spotify; other kinds of entry take no Like.
      row: (track, id, parent) => new TrackNode(id, parent, track, { liked: track.kind === 'track' }),
      link: { url: LIKED_SONGS_URL, uri: LIKED_SONGS_URI },
    });
    this.playlists = new SectionNode('playlists', model, pageSize, {
      row: (playlist, id, parent) => new PlaylistNode(id, parent, playlist, model, pageSize, model.currentAccountId),
      // The model names the playlist whose entries changed: its one row refreshes.
      keptById: { idOf: (playlist) => playlist.id, renew: (row, playlist) => (row.playlist = playlist) },
    });
    this.roots = {
      liked: this.likedSongs,
      playlists: this.playlists,
      albums: new SectionNode('albums', model, pageSize, { row: (album, id, parent) => new AlbumNode(id, parent, album, model, context) }),
      artists: new SectionNode('artists', model, pageSize, { row: (artist, id, parent) => new ArtistNode(id, parent, artist, model, context) }),
      shows: new SectionNode('shows', model, pageSize, { row: (show, id, parent) => new ShowNode(id, parent, show, model, context) }),
      episodes: new SectionNode('episodes', model, pageSize, { row: (episode, id, parent) => new EpisodeNode(id, parent, episode, true) }),
    };
    this._register(model.onDidChange((change) => this.#onModelChange(change)));
    this._register(
      vscode.workspace.onDidChangeConfiguration((event) => {
        // Artwork and the click action change every row (its icon, its command).
        if (event.affectsConfiguration('spotifyLibrary.sections') || event.affectsConfiguration('spotifyLibrary.showArtwork') || event.affectsConfiguration('spotifyLibrary.clickAction')) this.refreshNode(undefined);
      }),
    );
  }

  setSignedIn(signedIn: boolean): void {
    if (this.#signedIn === signedIn) return;
    this.#signedIn = signedIn;
    shownRows.forgetAll();
    for (const root of Object.values(this.roots)) root.forgetNodes();
    this.searchResults.clear();
    this.#tracked.clear();
    this.refreshNode(undefined);
  }

  getTreeItem(node: LibraryNode): vscode.TreeItem {
    // VS Code draws a root only while the view shows it: a collapsed one learns its count then, quietly (see prefetchFirstPage).
    // Only with an account open: between accounts (or before the cache is restored) a count would be the wrong one's.
    if (isSectionNode(node) && this.#signedIn && this.#model.currentAccountId !== undefined && !this.#model.isOpeningAccount && readSettings().viewSections.includes(node.section)) void node.entries.prefetchFirstPage('background');
    return decorateItem(node, node.getTreeItem());
  }

  getChildren(node?: LibraryNode): vscode.ProviderResult<LibraryNode[]> {
    if (!node) {
      if (!this.#signedIn) return [];
      const sections = readSettings().viewSections.flatMap((id) => (isHistorySection(id) ? (this.#historyRoots.get(id)?.node ?? []) : [this.roots[id]]));
      return [...(this.searchResults.isEmpty ? [] : [this.searchResults]), ...sections];
    }
    return node.getChildren();
  }

  /** A history root (Recently Played) and what the view's Refresh does for it. */
  addHistoryRoot(id: HistorySectionId, node: LibraryNode, actions: { refresh(): Promise<void> }): vscode.Disposable {
    this.#historyRoots.set(id, { node, ...actions });
    this.refreshNode(undefined);
    return new vscode.Disposable(() => this.#historyRoots.delete(id));
  }

  /** The view's Refresh for the history roots the user shows (each decides whether it asks now). */
  async refreshHistoryRoots(): Promise<void> {
    if (!this.#signedIn) return;
    const shown = readSettings().viewSections;
    await Promise.all([...this.#historyRoots].filter(([id]) => shown.includes(id)).map(([, root]) => root.refresh()));
  }

  getParent(node: LibraryNode): LibraryNode | undefined {
    return node.parent;
  }

  /** Coalesces refreshes within a tick: one page load can report several changes. */
  refreshNode(node: LibraryNode | undefined): void {
    this.#pending.add(node);
    if (this.#flushTimer) return;
    this.#flushTimer = setTimeout(() => {
      this.#flushTimer = undefined;
      const nodes = this.#pending;
      this.#pending = new Set();
      if (nodes.has(undefined)) return this.#changeEmitter.fire(undefined);
      for (const changed of nodes) this.#changeEmitter.fire(changed);
    }, 0);
  }

  #onModelChange(change: LibraryChange): void {
    if (!this.#signedIn) return;
    switch (change.list) {
      case 'liked':
        return this.refreshNode(this.likedSongs);
      case 'playlists':
        return this.refreshNode(this.playlists);
      case 'playlist': {
        const node = this.playlists.nodeFor(change.playlistId);
        if (node) this.refreshNode(node);
        return;
      }
      case 'section':
        return this.refreshNode(this.roots[change.section]);
      case 'child': {
        const node = this.#tracked.get(change.key);
        if (node) this.refreshNode(node);
      }
    }
  }

  override dispose(): void {
    if (this.#flushTimer) clearTimeout(this.#flushTimer);
    super.dispose();
  }
}
