import * as vscode from 'vscode';
import { messageOf } from '../common/errorMessage';
import type { Logger } from '../common/logger';
import { CatalogSearch, hasMore, parseSearchQuery, SEARCH_PAGE_SIZE, TYPING_PAUSE_MS, type SearchKind, type SearchPages, type SearchQuery } from '../library/catalogSearch';
import type { LibraryApi } from '../library/libraryApi';
import type { LibraryIndexer } from '../library/indexer';
import type { LibraryModel } from '../library/libraryModel';
import type { PageResult } from '../library/records';
import { formatCount, plainLabel as plain } from '../views/format';
import type { LibraryView } from '../views/libraryView';
import type { LibraryNode } from '../views/nodes/libraryNode';
import { type CatalogItem, catalogItemId } from '../views/nodes/searchResultsNode';
import { revealNode } from '../views/revealInLibrary';

export const SEARCH_COMMAND = 'spotifyLibrary.searchSpotify';
export const CLOSE_SEARCH_RESULTS_COMMAND = 'spotifyLibrary.closeSearchResults';


interface SearchItem extends vscode.QuickPickItem {
  readonly catalog?: CatalogItem;
  readonly node?: LibraryNode;
  /** "More songs": the next page of this kind. */
  readonly more?: SearchKind;
}

/** One kind's results as shown: every page fetched so far, and where the next starts. */
interface ShownKind {
  readonly items: CatalogItem[];
  total: number;
  nextOffset: number;
}

interface SearchButtons {
  readonly play: vscode.QuickInputButton;
  readonly queue: vscode.QuickInputButton;
  readonly like: vscode.QuickInputButton;
  readonly save: vscode.QuickInputButton;
  readonly follow: vscode.QuickInputButton;
  readonly addToPlaylist: vscode.QuickInputButton;
  readonly copyLink: vscode.QuickInputButton;
  readonly copyMarkdown: vscode.QuickInputButton;
  readonly insertLink: vscode.QuickInputButton;
  readonly open: vscode.QuickInputButton;
}

let buttons: SearchButtons | undefined;

/** Made at first use, once VS Code's translations are in; compared by identity. */
function searchButtons(): SearchButtons {
  const button = (icon: string, tooltip: string): vscode.QuickInputButton => ({ iconPath: new vscode.ThemeIcon(icon), tooltip });
  buttons ??= {
    play: button('play', vscode.l10n.t('Play')),
    queue: button('list-ordered', vscode.l10n.t('Add to Queue')),
    like: button('heart', vscode.l10n.t('Like')),
    save: button('add', vscode.l10n.t('Save to Your Library')),
    follow: button('person-add', vscode.l10n.t('Follow')),
    addToPlaylist: button('playlist-add', vscode.l10n.t('Add to Playlist...')),
    copyLink: button('copy', vscode.l10n.t('Copy Spotify Link')),
    copyMarkdown: button('markdown', vscode.l10n.t('Copy as Markdown Link')),
    insertLink: button('insert', vscode.l10n.t('Insert Link at Cursor')),
    open: button('link-external', vscode.l10n.t('Open in Spotify')),
  };
  return buttons;
}

/** The command each button runs, given the result's row (the same a row in the library gets). */
function commandOf(button: vscode.QuickInputButton): string | undefined {
  const all = searchButtons();
  const commands = new Map<vscode.QuickInputButton, string>([
    [all.play, 'spotifyLibrary.play'],
    [all.queue, 'spotifyLibrary.addToQueue'],
    [all.like, 'spotifyLibrary.like'],
    [all.save, 'spotifyLibrary.saveToLibrary'],
    [all.follow, 'spotifyLibrary.follow'],
    [all.addToPlaylist, 'spotifyLibrary.addToPlaylist'],
    [all.copyLink, 'spotifyLibrary.copyLink'],
    [all.copyMarkdown, 'spotifyLibrary.copyMarkdownLink'],
    [all.insertLink, 'spotifyLibrary.insertLink'],
    [all.open, 'spotifyLibrary.openInSpotify'],
  ]);
  return commands.get(button);
}

function buttonsFor(kind: CatalogItem['kind'], liked: boolean | undefined): vscode.QuickInputButton[] {
  const b = searchButtons();
  const links = [b.copyLink, b.copyMarkdown, b.insertLink, b.open];
  switch (kind) {
    case 'track':
      return [b.queue, ...(liked ? [] : [b.like]), b.addToPlaylist, ...links];
    case 'episode':
      return [b.queue, b.save, b.addToPlaylist, ...links];
    case 'album':
    case 'show':
      return [b.play, b.save, ...links];
    case 'artist':
      return [b.play, b.follow, ...links];
    case 'playlist':
      return [b.play, ...links];
  }
}

/** "Songs (42)": a whole phrase per kind, so a translation can place the count. */
function groupLabel(kind: SearchKind, count: string): string {
  switch (kind) {
    case 'track':
      return vscode.l10n.t('Songs ({0})', count);
    case 'album':
      return vscode.l10n.t('Albums ({0})', count);
    case 'artist':
      return vscode.l10n.t('Artists ({0})', count);
    case 'playlist':
      return vscode.l10n.t('Playlists ({0})', count);
    case 'show':
      return vscode.l10n.t('Podcasts ({0})', count);
    case 'episode':
      return vscode.l10n.t('Episodes ({0})', count);
  }
}

function moreLabel(kind: SearchKind): string {
  switch (kind) {
    case 'track':
      return vscode.l10n.t('More Songs');
    case 'album':
      return vscode.l10n.t('More Albums');
    case 'artist':
      return vscode.l10n.t('More Artists');
    case 'playlist':
      return vscode.l10n.t('More Playlists');
    case 'show':
      return vscode.l10n.t('More Podcasts');
    case 'episode':
      return vscode.l10n.t('More Episodes');
  }
}

const KIND_ICONS: Record<SearchKind, string> = { track: 'play-circle', album: 'circle-large-outline', artist: 'person', playlist: 'list-unordered', show: 'broadcast', episode: 'radio-tower' };


function catalogItemsOf(kind: SearchKind, pages: SearchPages): CatalogItem[] {
  switch (kind) {
    case 'track':
      return (pages.track?.items ?? []).map((track) => ({ kind: 'track', track }));
    case 'episode':
      return (pages.episode?.items ?? []).map((track) => ({ kind: 'episode', track }));
    case 'album':
      return (pages.album?.items ?? []).map((album) => ({ kind: 'album', album }));
    case 'artist':
      return (pages.artist?.items ?? []).map((artist) => ({ kind: 'artist', artist }));
    case 'playlist':
      return (pages.playlist?.items ?? []).map((playlist) => ({ kind: 'playlist', playlist }));
    case 'show':
      return (pages.show?.items ?? []).map((show) => ({ kind: 'show', show }));
  }
}

function uriOf(item: CatalogItem): string {
  return `spotify:${item.kind}:${catalogItemId(item)}`;
}

/**
 * Search Spotify...: the whole catalog in a quick pick, as the user types. Spotify is asked once
 * a typing pause (TYPING_PAUSE_MS), through CatalogSearch, which keeps every answer for the
 * session. Each kind shows its first page (10, Spotify's limit) and pages on with More; each
 * result is marked where it already is in the library and does what a row does (its buttons run
 * the row commands). Albums, artists, playlists and podcasts open in Search Results in the view.
 */
export function registerSearchCommand(model: LibraryModel, indexer: LibraryIndexer, view: LibraryView, api: LibraryApi, logger: Logger): vscode.Disposable {
  const catalog = new CatalogSearch(api);
  const results = view.tree.searchResults;

  /** "♥ · in Road Trip, Focus": where a result already is, from what the library and its index know. */
  const whereInLibrary = (item: CatalogItem): string => {
    const marks: string[] = [];
    if (item.kind === 'track' && model.isLiked(item.track.id)) marks.push(vscode.l10n.t('♥ Liked'));
    if (item.kind === 'playlist' && model.playlistById(item.playlist.id)) marks.push(vscode.l10n.t('in your library'));
    const lists = indexer.index.listsHolding(uriOf(item));
    if (lists.length) marks.push(vscode.l10n.t('in {0}', lists.map(plain).join(', ')));
    return marks.join(' · ');
  };

  const itemOf = (catalogItem: CatalogItem): SearchItem => {
    const node = results.nodeFor(catalogItem);
    const liked = catalogItem.kind === 'track' ? model.isLiked(catalogItem.track.id) : undefined;
    const { label, description } = wordsOf(catalogItem);
    return { label: plain(label), description: plain(description), detail: whereInLibrary(catalogItem) || undefined, iconPath: new vscode.ThemeIcon(KIND_ICONS[catalogItem.kind]), alwaysShow: true, buttons: buttonsFor(catalogItem.kind, liked), catalog: catalogItem, node };
  };

  const show = (initial?: string) => {
    const quickPick = vscode.window.createQuickPick<SearchItem>();
    quickPick.title = vscode.l10n.t('Search Spotify');
    quickPick.placeholder = vscode.l10n.t('Songs, albums, artists, playlists, podcasts; “album:”, “artist:”, “song:”, “playlist:”, “podcast:” or “episode:” first searches one kind');
    (quickPick as { sortByLabel?: boolean }).sortByLabel = false;
    quickPick.matchOnDescription = false;
    let query: SearchQuery | undefined;
    let shown = new Map<SearchKind, ShownKind>();
    let typingTimer: ReturnType<typeof setTimeout> | undefined;
    /** The search the pick shows; an answer to an earlier one is kept in the cache, not shown. */
    let generation = 0;

    const line = (label: string): SearchItem => ({ label, alwaysShow: true });
    const draw = (focus?: CatalogItem) => {
      if (!query) {
        quickPick.items = [];
        return;
      }
      const items: SearchItem[] = [];
      for (const kind of query.kinds) {
        const group = shown.get(kind);
        if (!group || group.total === 0) continue;
        items.push({ label: groupLabel(kind, formatCount(group.total)), kind: vscode.QuickPickItemKind.Separator });
        items.push(...group.items.map(itemOf));
        if (hasMore({ items: [], total: group.total, offset: 0 }, group.nextOffset)) {
          items.push({ label: `$(more) ${moreLabel(kind)}`, description: vscode.l10n.t('{0} of {1} shown', formatCount(group.items.length), formatCount(group.total)), alwaysShow: true, more: kind });
        }
      }
      if (items.length === 0) items.push(line(vscode.l10n.t('$(circle-slash) Nothing on Spotify matches “{0}”.', plain(query.text))));
      quickPick.items = items;
      // After More the pick stays where the user was: on the first new result.
      const active = focus && items.find((item) => item.catalog && uriOf(item.catalog) === uriOf(focus));
      if (active) quickPick.activeItems = [active];
    };

    const failed = (error: unknown) => {
      logger.warn(`[search] Spotify did not answer a search: ${messageOf(error)}`);
      // A line in the pick, never a notification: typing on tries again.
      quickPick.items = [line(vscode.l10n.t('$(warning) Spotify did not answer the search: {0}', messageOf(error)))];
    };

    const search = async () => {
      query = parseSearchQuery(quickPick.value);
      const mine = ++generation;
      if (!query.text) {
        query = undefined;
        draw();
        return;
      }
      quickPick.busy = true;
      try {
        const pages = await catalog.first(query);
        if (mine !== generation) return;
        shown = new Map(query.kinds.map((kind) => [kind, { items: catalogItemsOf(kind, pages), total: pageOf(pages, kind)?.total ?? 0, nextOffset: SEARCH_PAGE_SIZE }]));
        draw();
      } catch (error) {
        if (mine === generation) failed(error);
      } finally {
        if (mine === generation) quickPick.busy = false;
      }
    };

    const more = async (kind: SearchKind) => {
      const group = shown.get(kind);
      if (!query || !group) return;
      const mine = generation;
      quickPick.busy = true;
      try {
        const pages = await catalog.more(query, kind, group.nextOffset);
        if (mine !== generation) return;
        const added = catalogItemsOf(kind, pages).filter((item) => !group.items.some((known) => uriOf(known) === uriOf(item)));
        group.items.push(...added);
        group.total = pageOf(pages, kind)?.total ?? group.total;
        group.nextOffset += SEARCH_PAGE_SIZE;
        draw(added[0]);
      } catch (error) {
        if (mine === generation) failed(error);
      } finally {
        if (mine === generation) quickPick.busy = false;
      }
    };

    const open = async (item: CatalogItem) => {
      const node = results.open(item);
      view.tree.refreshNode(undefined);
      await revealNode(view.treeView, node, { expand: true });
    };

    const disposables: vscode.Disposable[] = [
      quickPick,
      quickPick.onDidChangeValue(() => {
        clearTimeout(typingTimer);
        typingTimer = setTimeout(() => void search(), TYPING_PAUSE_MS);
      }),
      quickPick.onDidAccept(async () => {
        const item = quickPick.activeItems[0];
        if (item?.more) return more(item.more);
        if (!item?.catalog || !item.node) return;
        quickPick.hide();
        if (item.catalog.kind === 'track' || item.catalog.kind === 'episode') await vscode.commands.executeCommand('spotifyLibrary.play', item.node);
        else await open(item.catalog);
      }),
      quickPick.onDidTriggerItemButton(async ({ item, button }) => {
        const command = commandOf(button);
        if (!command || !item.node) return;
        // Editing commands need the editor back; the rest keep the pick open to go on.
        if (command === 'spotifyLibrary.insertLink' || command === 'spotifyLibrary.addToPlaylist') quickPick.hide();
        await vscode.commands.executeCommand(command, item.node);
        if (command === 'spotifyLibrary.like') draw();
      }),
      quickPick.onDidHide(() => {
        clearTimeout(typingTimer);
        for (const disposable of disposables) disposable.dispose();
      }),
    ];
    quickPick.show();
    if (initial) {
      quickPick.value = initial;
      void search();
    }
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(SEARCH_COMMAND, (initial?: unknown) => {
      if (!model.currentAccountId) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Sign in to Spotify to search it.'));
        return;
      }
      show(typeof initial === 'string' ? initial : undefined);
    }),
    vscode.commands.registerCommand(CLOSE_SEARCH_RESULTS_COMMAND, () => {
      results.clear();
      view.tree.refreshNode(undefined);
    }),
  );
}

function pageOf(pages: SearchPages, kind: SearchKind): PageResult<unknown> | undefined {
  return pages[kind];
}

/** A result's label and description, as the library's rows word them. */
function wordsOf(item: CatalogItem): { label: string; description: string } {
  switch (item.kind) {
    case 'track':
      return { label: item.track.name, description: [item.track.byline, item.track.album].filter(Boolean).join(' · ') };
    case 'episode':
      return { label: item.track.name, description: item.track.byline };
    case 'album':
      return { label: item.album.name, description: item.album.byline };
    case 'artist':
      return { label: item.artist.name, description: item.artist.genres ?? '' };
    case 'playlist':
      return { label: item.playlist.name, description: item.playlist.ownerName ? vscode.l10n.t('by {0}', item.playlist.ownerName) : '' };
    case 'show':
      return { label: item.show.name, description: '' };
  }
}
