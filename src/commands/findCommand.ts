import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../common/config';
import type { Logger } from '../common/logger';
import { describeProgress, type LibraryIndexer } from '../library/indexer';
import type { IndexGroup, IndexKind, IndexRow } from '../library/libraryIndex';
import type { LibraryModel } from '../library/libraryModel';
import { formatCount } from '../views/format';
import type { LibraryView } from '../views/libraryView';
import type { LibraryNode, SpotifyLink } from '../views/nodes/libraryNode';
import { nodeForEntry, revealNode } from '../views/revealInLibrary';

export const FIND_COMMAND = 'spotifyLibrary.find';
export const INDEX_AT_STARTUP_SETTING = 'find.indexAtStartup';
export const PAUSE_INDEXING_SETTING = 'find.pauseIndexing';

/** Rows per group: the quick pick draws what it is sent; "type more to narrow" beats 40,000 rows. */
const ROWS_PER_GROUP = 100;
/** The index grows while Find is open: redraw at most this often. */
const PROGRESS_REDRAW_MS = 300;

const GROUP_NAMES: Record<IndexKind, string> = {
  playlist: 'Playlists',
  album: 'Albums',
  artist: 'Artists',
  show: 'Podcasts',
  track: 'Songs',
  episode: 'Episodes',
};

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
}

const OPEN_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: 'Open in Spotify' };
const COPY_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy Spotify Link' };
const REVEAL_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: 'Reveal in Library' };
const PAUSE_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-pause'), tooltip: 'Pause Indexing' };
const RESUME_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('debug-start'), tooltip: 'Resume Indexing' };

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
    const node = await nodeForEntry(view.tree, { listId: place.listId, index: place.index, key: row.key }, keyOfNode);
    if (!node) {
      void vscode.window.showWarningMessage(`"${row.name}" is no longer in your library as indexed. Refresh the library and try again.`);
      return;
    }
    await revealNode(view.treeView, node, { expand });
    return runRowCommand(node);
  };

  /** What a click on the row in the tree does: its own command, if it has one (selecting it is the reveal). */
  const runRowCommand = async (node: LibraryNode): Promise<void> => {
    const command = node.getTreeItem().command;
    if (command) await vscode.commands.executeCommand(command.command, ...((command.arguments ?? []) as unknown[]));
  };

  const show = () => {
    const quickPick = vscode.window.createQuickPick<FindItem>();
    quickPick.title = 'Find in Library';
    quickPick.placeholder = 'Words from a title, artist, album or show, in any order';
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    // The index matches words in any order; VS Code's own sort by label would also drop the group separators.
    (quickPick as { sortByLabel?: boolean }).sortByLabel = false;
    let redrawTimer: ReturnType<typeof setTimeout> | undefined;

    const draw = () => {
      const started = performance.now();
      const groups = indexer.index.query(quickPick.value, ROWS_PER_GROUP);
      quickPick.items = itemsOf(groups, indexer);
      const progress = indexer.progress();
      quickPick.title = `Find in Library: ${describeProgress(progress)}`;
      quickPick.busy = progress.running;
      quickPick.buttons = progress.complete ? [] : [progress.paused ? RESUME_BUTTON : PAUSE_BUTTON];
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
        if (button === PAUSE_BUTTON) indexer.pause();
        else if (button === RESUME_BUTTON) indexer.resume();
      }),
      quickPick.onDidTriggerItemButton(async ({ item, button }) => {
        const row = item.row;
        if (!row) return;
        const link = linkOfUri(row.key);
        if (button === OPEN_BUTTON && link) await vscode.commands.executeCommand('spotifyLibrary.openInSpotify', { link: () => link });
        else if (button === COPY_BUTTON && link) await vscode.commands.executeCommand('spotifyLibrary.copyLink', { link: () => link });
        else if (button === REVEAL_BUTTON) {
          quickPick.hide();
          await reveal(row, row.places[0], false);
        }
      }),
      quickPick.onDidAccept(async () => {
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
        void vscode.window.showInformationMessage('Sign in to Spotify to find something in your library.');
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

/** Spotify's strings as plain text: `$(name)` would otherwise draw an icon in a quick pick row. */
function plain(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

function itemsOf(groups: IndexGroup[], indexer: LibraryIndexer): FindItem[] {
  const items: FindItem[] = [];
  for (const group of groups) {
    const shown = group.rows.length < group.total ? `${formatCount(group.rows.length)} of ${formatCount(group.total)}: type more to narrow` : formatCount(group.total);
    items.push({ label: `${GROUP_NAMES[group.kind]} (${shown})`, kind: vscode.QuickPickItemKind.Separator });
    for (const row of group.rows) items.push(itemOf(row, indexer));
  }
  return items;
}

function itemOf(row: IndexRow, indexer: LibraryIndexer): FindItem {
  const link = linkOfUri(row.key);
  const buttons = link ? [OPEN_BUTTON, COPY_BUTTON, REVEAL_BUTTON] : [REVEAL_BUTTON];
  if (row.kind === 'playlist') {
    return { label: plain(row.name), description: row.byline ? `by ${plain(row.byline)}` : undefined, iconPath: new vscode.ThemeIcon(KIND_ICONS.playlist), alwaysShow: true, buttons, row };
  }
  // Labels are plain text (no $(icon) parsing of Spotify's strings): the icon is iconPath.
  const lists = [...new Set(row.places.map((place) => indexer.index.listName(place.listId) ?? ''))].filter(Boolean);
  return {
    label: plain(row.name),
    description: plain([row.byline, row.album].filter(Boolean).join(' · ')),
    detail: plain(lists.join(' · ')),
    iconPath: new vscode.ThemeIcon(KIND_ICONS[row.kind]),
    alwaysShow: true,
    buttons,
    row,
  };
}
