import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../common/config';
import type { Logger } from '../common/logger';
import type { IndexProgress, LibraryIndexer } from '../library/indexer';
import type { IndexGroup, IndexKind, IndexRow } from '../library/libraryIndex';
import type { LibraryModel } from '../library/libraryModel';
import { formatClockTime } from '../api/rateLimitWords';
import { formatCount, plainLabel as plain } from '../views/format';
import type { LibraryView } from '../views/libraryView';
import type { LibraryNode, SpotifyLink } from '../views/nodes/libraryNode';
import { nodeForEntry, revealNode } from '../views/revealInLibrary';
import { messageOf } from '../common/errorMessage';
import { SEARCH_COMMAND } from './searchCommand';

export const FIND_COMMAND = 'spotifyLibrary.find';
export const INDEX_AT_STARTUP_SETTING = 'find.indexAtStartup';
export const PAUSE_INDEXING_SETTING = 'find.pauseIndexing';

/** Rows per group: the quick pick draws what it is sent; "type more to narrow" beats 40,000 rows. */
const ROWS_PER_GROUP = 100;
/** The index grows while Find is open: redraw at most this often. */
const PROGRESS_REDRAW_MS = 300;

/** "Songs (1,234)": one whole phrase per kind, so a translation can place the count. */
function groupLabel(kind: IndexKind, shown: string): string {
  switch (kind) {
    case 'playlist':
      return vscode.l10n.t('Playlists ({0})', shown);
    case 'album':
      return vscode.l10n.t('Albums ({0})', shown);
    case 'artist':
      return vscode.l10n.t('Artists ({0})', shown);
    case 'show':
      return vscode.l10n.t('Podcasts ({0})', shown);
    case 'track':
      return vscode.l10n.t('Songs ({0})', shown);
    case 'episode':
      return vscode.l10n.t('Episodes ({0})', shown);
  }
}

const KIND_ICONS: Record<IndexKind, string> = {
  playlist: 'list-unordered',
  album: 'circle-large-outline',
  artist: 'person',
  show: 'broadcast',
  track: 'play-circle',
  episode: 'radio-tower',
};

interface FindItem extends vscode.QuickPickItem {
  readonly row?: IndexRow;
  /** Nothing in the library matches: search all of Spotify for these words. */
  readonly searchSpotify?: string;
}

interface FindButtons {
  readonly open: vscode.QuickInputButton;
  readonly copy: vscode.QuickInputButton;
  readonly reveal: vscode.QuickInputButton;
  readonly pause: vscode.QuickInputButton;
  readonly resume: vscode.QuickInputButton;
}

let buttons: FindButtons | undefined;

/** Made at first use, not at load: the tooltips are worded once VS Code's translations are in place; one set, compared by identity. */
function findButtons(): FindButtons {
  buttons ??= {
    open: { iconPath: new vscode.ThemeIcon('link-external'), tooltip: vscode.l10n.t('Open in Spotify') },
    copy: { iconPath: new vscode.ThemeIcon('copy'), tooltip: vscode.l10n.t('Copy Spotify Link') },
    reveal: { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: vscode.l10n.t('Reveal in Library') },
    pause: { iconPath: new vscode.ThemeIcon('debug-pause'), tooltip: vscode.l10n.t('Pause Indexing') },
    resume: { iconPath: new vscode.ThemeIcon('debug-start'), tooltip: vscode.l10n.t('Resume Indexing') },
  };
  return buttons;
}

/** The link of a Spotify URI with an id (`spotify:track:ID`); none for local files. */
export function linkOfUri(uri: string): SpotifyLink | undefined {
  const match = /^spotify:(track|episode|playlist|album|artist|show):([A-Za-z0-9]+)$/.exec(uri);
  return match ? { url: `https://open.spotify.com/${match[1]}/${match[2]}`, uri } : undefined;
}

/** The key Find knows a tree row by: the Spotify URI of its record. */
function keyOfNode(node: LibraryNode): string | undefined {
  return node.link()?.uri ?? (node as { track?: { uriOverride?: string } }).track?.uriOverride;
}

/**
 * Find in Library...: a quick pick over everything the index knows, grouped by kind, one row per
 * thing wherever it lives. It shows what is indexed at once and grows while the indexer works.
 */
export function registerFindCommand(model: LibraryModel, indexer: LibraryIndexer, view: LibraryView, logger: Logger): vscode.Disposable {
  const config = () => vscode.workspace.getConfiguration(CONFIG_SECTION);
  const startIfAsked = () => {
    if (!indexer.started && model.currentAccountId && config().get<boolean>(INDEX_AT_STARTUP_SETTING, false)) indexer.start();
  };
  startIfAsked();

  const reveal = async (row: IndexRow, place: IndexRow['places'][number], expand: boolean): Promise<void> => {
    // Nothing said would leave the user with a tree that moved and no row: every way it can fail says so.
    const cannotShow = (reason: string) => {
      void vscode.window.showWarningMessage(vscode.l10n.t('Could not show "{0}" in the library: {1}', row.name, reason), vscode.l10n.t('Retry')).then((choice) => {
        if (choice) void reveal(row, place, expand);
      });
    };
    let node: LibraryNode | undefined;
    let revealed: boolean;
    try {
      node = await nodeForEntry(view.tree, { listId: place.listId, index: place.index, key: row.key }, keyOfNode);
      revealed = !!node && (await revealNode(view.treeView, node, { expand }));
    } catch (error) {
      logger.warn(`[find] reveal of a row of ${place.listId} failed: ${messageOf(error)}`);
      return cannotShow(messageOf(error));
    }
    if (node && revealed) return runRowCommand(node);
    if (!node) {
      void vscode.window.showWarningMessage(vscode.l10n.t('"{0}" is no longer in your library as indexed. Refresh the library and try again.', row.name));
      return;
    }
    cannotShow(vscode.l10n.t('the list kept changing while it was shown.'));
  };

  /** What a click on the row in the tree does: its own command, if it has one (selecting it is the reveal). */
  const runRowCommand = async (node: LibraryNode): Promise<void> => {
    const command = node.getTreeItem().command;
    if (command) await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
  };

  const show = () => {
    const quickPick = vscode.window.createQuickPick<FindItem>();
    quickPick.title = vscode.l10n.t('Find in Library');
    quickPick.placeholder = vscode.l10n.t('Words from a title, artist, album or show, in any order');
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    // The index matches words in any order; VS Code's own sort by label would also drop the group separators.
    (quickPick as { sortByLabel?: boolean }).sortByLabel = false;
    let redrawTimer: ReturnType<typeof setTimeout> | undefined;

    const draw = () => {
      const started = performance.now();
      const groups = indexer.index.query(quickPick.value, ROWS_PER_GROUP);
      quickPick.items = itemsOf(groups, indexer, (id) => model.isLiked(id));
      if (groups.every((group) => group.total === 0) && quickPick.value.trim()) {
        const words = quickPick.value.trim();
        quickPick.items = [{ label: `$(globe) ${vscode.l10n.t('Search Spotify for “{0}”', plain(words))}`, description: vscode.l10n.t('nothing in your library matches'), alwaysShow: true, searchSpotify: words }];
      }
      const progress = indexer.progress();
      quickPick.title = vscode.l10n.t('Find in Library: {0}', describeProgress(progress));
      quickPick.busy = progress.running;
      quickPick.buttons = progress.complete ? [] : [progress.paused ? findButtons().resume : findButtons().pause];
      logger.trace(`[find] ${quickPick.value.length} characters: ${groups.reduce((n, g) => n + g.total, 0)} matches in ${(performance.now() - started).toFixed(1)} ms`);
    };
    const redrawSoon = () => {
      if (redrawTimer) return;
      redrawTimer = setTimeout(() => {
        redrawTimer = undefined;
        draw();
      }, PROGRESS_REDRAW_MS);
    };

    const disposables: vscode.Disposable[] = [
      quickPick,
      quickPick.onDidChangeValue(() => draw()),
      indexer.onDidChange(() => redrawSoon()),
      quickPick.onDidTriggerButton((button) => {
        if (button === findButtons().pause) indexer.pause();
        else if (button === findButtons().resume) indexer.resume();
      }),
      quickPick.onDidTriggerItemButton(async ({ item, button }) => {
        const row = item.row;
        if (!row) return;
        const link = linkOfUri(row.key);
        if (button === findButtons().open && link) await vscode.commands.executeCommand('spotifyLibrary.openInSpotify', { link: () => link });
        else if (button === findButtons().copy && link) await vscode.commands.executeCommand('spotifyLibrary.copyLink', { link: () => link });
        else if (button === findButtons().reveal) {
          quickPick.hide();
          await reveal(row, row.places[0], false);
        }
      }),
      quickPick.onDidAccept(async () => {
        const search = quickPick.selectedItems[0]?.searchSpotify;
        if (search) {
          quickPick.hide();
          await vscode.commands.executeCommand(SEARCH_COMMAND, search);
          return;
        }
        const row = quickPick.selectedItems[0]?.row;
        if (!row) return;
        quickPick.hide();
        await reveal(row, row.places[0], row.kind === 'playlist');
      }),
      quickPick.onDidHide(() => {
        if (redrawTimer) clearTimeout(redrawTimer);
        for (const disposable of disposables) disposable.dispose();
      }),
    ];
    draw();
    quickPick.show();
    if (!indexer.paused) indexer.start(); // the first Find starts the indexer; later ones resume a failed run
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(FIND_COMMAND, () => {
      if (!model.currentAccountId) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Sign in to Spotify to find something in your library.'));
        return;
      }
      show();
    }),
    model.onDidChange(() => startIfAsked()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(`${CONFIG_SECTION}.${PAUSE_INDEXING_SETTING}`)) indexer.settingChanged();
      if (event.affectsConfiguration(`${CONFIG_SECTION}.${INDEX_AT_STARTUP_SETTING}`)) startIfAsked();
    }),
  );
}


function itemsOf(groups: IndexGroup[], indexer: LibraryIndexer, isLiked: (trackId: string) => boolean | undefined): FindItem[] {
  const items: FindItem[] = [];
  for (const group of groups) {
    const shown =
      group.rows.length < group.total
        ? vscode.l10n.t('{0} of {1}: type more to narrow', formatCount(group.rows.length), formatCount(group.total))
        : formatCount(group.total);
    items.push({ label: groupLabel(group.kind, shown), kind: vscode.QuickPickItemKind.Separator });
    for (const row of group.rows) items.push(itemOf(row, indexer, isLiked));
  }
  return items;
}

function itemOf(row: IndexRow, indexer: LibraryIndexer, isLiked: (trackId: string) => boolean | undefined): FindItem {
  const link = linkOfUri(row.key);
  const { open, copy, reveal } = findButtons();
  const rowButtons = link ? [open, copy, reveal] : [reveal];
  if (row.kind === 'playlist') {
    return { label: plain(row.name), description: row.byline ? vscode.l10n.t('by {0}', plain(row.byline)) : undefined, iconPath: new vscode.ThemeIcon(KIND_ICONS.playlist), alwaysShow: true, buttons: rowButtons, row };
  }
  // Labels are plain text (no $(icon) parsing of Spotify's strings): the icon is iconPath.
  const lists = [...new Set(row.places.map((place) => indexer.index.listName(place.listId) ?? ''))].filter(Boolean);
  return {
    label: plain(row.name),
    // A song the user likes says so, as its rows in the tree do.
    description: `${row.kind === 'track' && link && isLiked(link.uri.slice('spotify:track:'.length)) ? '♥ ' : ''}${plain([row.byline, row.album].filter(Boolean).join(' · '))}`,
    detail: plain(lists.join(' · ')),
    iconPath: new vscode.ThemeIcon(KIND_ICONS[row.kind]),
    alwaysShow: true,
    buttons: rowButtons,
    row,
  };
}

/** "indexed 6,150 of 10,000 liked songs, 143 of 200 playlists", or what stops it. */
export function describeProgress(progress: IndexProgress): string {
  const count = (n: number) => formatCount(n);
  if (progress.complete) {
    return vscode.l10n.t('{0} liked songs and {1} playlists indexed', count(progress.likedIndexed), count(progress.playlistsTotal ?? progress.playlistsIndexed));
  }
  const liked =
    progress.likedTotal === undefined
      ? vscode.l10n.t('{0} liked songs', count(progress.likedIndexed))
      : vscode.l10n.t('{0} of {1} liked songs', count(progress.likedIndexed), count(progress.likedTotal));
  const playlists =
    progress.playlistsTotal === undefined
      ? vscode.l10n.t('{0} playlists', count(progress.playlistsIndexed))
      : vscode.l10n.t('{0} of {1} playlists', count(progress.playlistsIndexed), count(progress.playlistsTotal));
  if (progress.waitingUntil) return vscode.l10n.t('indexed {0}, {1}; Spotify asked to wait until {2}', liked, playlists, formatClockTime(progress.waitingUntil));
  if (progress.failure) return vscode.l10n.t('indexed {0}, {1}; stopped: {2}', liked, playlists, progress.failure);
  if (progress.paused) return vscode.l10n.t('indexed {0}, {1} (paused)', liked, playlists);
  return vscode.l10n.t('indexed {0}, {1}', liked, playlists);
}
