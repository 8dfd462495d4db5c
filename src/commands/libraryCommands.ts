import * as vscode from 'vscode';
import { readSettings } from '../common/config';
import type { Logger } from '../common/logger';
import { MissingScopeError } from '../api/errors';
import { sectionInfo, VIEW_SECTION_IDS, type ViewSectionId } from '../common/sections';
import type { LibraryModel } from '../library/libraryModel';
import type { LibraryView } from '../views/libraryView';
import { shownRows } from '../views/shownRows';
import type { LibraryNode, SpotifyLink } from '../views/nodes/libraryNode';
import { commandTargets } from './commandTargets';
import { ensureScopes } from './permissions';
import { isPageableNode, type PageableNode } from '../views/nodes/pageableNode';
import { formatCount } from '../views/format';
import { isRecentlyPlayedNode } from '../views/nodes/recentlyPlayedNode';

/**
 * The list a Retry is for: the row's own command passes the list that failed, while the inline
 * button and the context menu pass the error row itself, which sits under that list.
 */
function failedList(node: LibraryNode | undefined): PageableNode | undefined {
  if (isPageableNode(node)) return node;
  return isPageableNode(node?.parent) ? node.parent : undefined;
}

/** The tree's commands. They act on the node they were invoked on (inline, context menu or click). */
export function registerLibraryCommands(model: LibraryModel, view: LibraryView, logger: Logger & { show(): void }): vscode.Disposable {
  const linkOf = (node: LibraryNode | undefined): SpotifyLink | undefined => node?.link();
  // Ctrl/Cmd+C (a keybinding) passes nothing: then the rows selected in the tree are meant.
  const linksOf = (node: LibraryNode | undefined, selected: LibraryNode[] | undefined): SpotifyLink[] =>
    commandTargets(node, node === undefined && selected === undefined ? view.treeView.selection : selected)
      .map(linkOf)
      .filter((link): link is SpotifyLink => !!link);

  return vscode.Disposable.from(
    vscode.commands.registerCommand('spotifyLibrary.openInSpotify', async (node?: Pick<LibraryNode, 'link'> & Partial<Pick<LibraryNode, 'openTarget'>>) => {
      // A notice opens the list it explains; Find passes a bare `{ link }`.
      const link = node && 'openTarget' in node ? node.openTarget?.() : node?.link();
      if (!link) return;
      const target = readSettings().openIn === 'app' ? link.uri : link.url;
      await vscode.env.openExternal(vscode.Uri.parse(target, true));
    }),
    // With several rows selected, VS Code passes the selection too: every selected link, one a line.
    vscode.commands.registerCommand('spotifyLibrary.copyLink', async (node?: LibraryNode, selected?: LibraryNode[]) => {
      const links = linksOf(node, selected);
      if (links.length === 0) return;
      await vscode.env.clipboard.writeText(links.map((link) => link.url).join('\n'));
      vscode.window.setStatusBarMessage(links.length === 1 ? vscode.l10n.t('$(check) Spotify link copied') : vscode.l10n.t('$(check) {0} Spotify links copied', formatCount(links.length)), 2000);
    }),
    vscode.commands.registerCommand('spotifyLibrary.copyUri', async (node?: LibraryNode, selected?: LibraryNode[]) => {
      const links = linksOf(node, selected);
      if (links.length === 0) return;
      await vscode.env.clipboard.writeText(links.map((link) => link.uri).join('\n'));
      vscode.window.setStatusBarMessage(links.length === 1 ? vscode.l10n.t('$(check) Spotify URI copied') : vscode.l10n.t('$(check) {0} Spotify URIs copied', formatCount(links.length)), 2000);
    }),
    // The tree shows the pages the user asked for (shownRows): a page the index read already shows at once.
    vscode.commands.registerCommand('spotifyLibrary.loadMore', async (node?: LibraryNode) => {
      if (!isPageableNode(node)) return;
      if (shownRows.showMore(node.entries, view.tree.pageSize())) await node.entries.loadMore();
      shownRows.settle(node.entries, view.tree.pageSize());
      view.tree.refreshNode(node);
    }),
    vscode.commands.registerCommand('spotifyLibrary.loadAll', async (node?: LibraryNode) => {
      if (!isPageableNode(node)) return;
      shownRows.showAll(node.entries);
      view.tree.refreshNode(node);
      const entries = node.entries;
      const label = node.getTreeItem().label;
      const name = typeof label === 'string' ? label : (label?.label ?? '');
      // The view's own spinner, and a notification with the count so far and Cancel (a long list takes a while).
      await vscode.window.withProgress({ location: { viewId: 'spotifyLibrary.library' } }, () =>
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Loading “{0}”', name), cancellable: true }, async (progress, token) => {
          const cancelled = token.onCancellationRequested(() => entries.cancel());
          const report = () => progress.report({ message: entries.total === undefined ? undefined : vscode.l10n.t('{0} of {1}', formatCount(entries.items.length), formatCount(entries.total)) });
          const timer = setInterval(report, 250);
          try {
            report();
            await entries.loadAllForUser();
          } finally {
            clearInterval(timer);
            cancelled.dispose();
          }
        }),
      );
    }),
    vscode.commands.registerCommand('spotifyLibrary.retry', async (node?: LibraryNode) => {
      // Recently Played is no paging list: its root (the row's command) or its error row (the inline button).
      const recent = isRecentlyPlayedNode(node) ? node : isRecentlyPlayedNode(node?.parent) ? node.parent : undefined;
      if (recent) return recent.retry();
      await failedList(node)?.entries.retry();
    }),
    vscode.commands.registerCommand('spotifyLibrary.refresh', async () => {
      await view.syncSession(); // also the way back from a session sync that failed
      await vscode.window.withProgress({ location: { viewId: 'spotifyLibrary.library' } }, () => Promise.all([model.refresh(), view.tree.refreshHistoryRoots()]));
      view.tree.refreshNode(undefined);
    }),
    vscode.commands.registerCommand('spotifyLibrary.showLog', () => logger.show()),
    vscode.commands.registerCommand('spotifyLibrary.grantAccess', async (node?: LibraryNode, scopes?: string[]) => {
      const list = failedList(node);
      // The row's own click passes the scopes; its inline button passes the row, which knows them.
      const rowScopes = (node as { scopes?: readonly string[] } | undefined)?.scopes;
      const wanted = scopes ?? (rowScopes ? [...rowScopes] : undefined) ?? (list?.entries.error instanceof MissingScopeError ? [...list.entries.error.scopes] : []);
      if (wanted.length === 0) return;
      if (!(await ensureScopes(model, view, wanted, logger, { askEvenIfGranted: true }))) return;
      await list?.entries.whenIdle();
      if (list?.entries.error instanceof MissingScopeError) await list.entries.retry();
    }),
    vscode.commands.registerCommand('spotifyLibrary.showHideSections', () => pickSections()),
  );
}

/** "Show/Hide Sections...": a QuickPick with a checkbox per section; hidden ones are never loaded. */
async function pickSections(): Promise<void> {
  const config = vscode.workspace.getConfiguration('spotifyLibrary');
  const shown = readSettings().viewSections;
  // Shown ones in the user's order, then the hidden ones in the Spotify app's order (Recently Played last).
  const order = [...shown, ...VIEW_SECTION_IDS.filter((id) => !shown.includes(id))];
  const items = order.map((id) => ({ label: sectionInfo(id).label, description: sectionInfo(id).tooltip, picked: shown.includes(id), id }));
  const picked = await vscode.window.showQuickPick(items, {
    canPickMany: true,
    title: vscode.l10n.t('Show/Hide Sections'),
    placeHolder: vscode.l10n.t('The sections the Library shows (their order is the spotifyLibrary.sections setting)'),
  });
  if (!picked) return;
  const next: ViewSectionId[] = order.filter((id) => picked.some((item) => item.id === id));
  await config.update('sections', next, vscode.ConfigurationTarget.Global);
}
