import * as vscode from 'vscode';
import { readSettings } from '../common/config';
import type { Logger } from '../common/logger';
import type { LibraryModel } from '../library/libraryModel';
import type { PagedList } from '../library/pagedList';
import type { LibraryView } from '../views/libraryView';
import type { LibraryNode, SpotifyLink } from '../views/nodes/libraryNode';
import { commandTargets } from './commandTargets';

/** A node that pages: Liked Songs, Playlists, or one playlist. */
interface PagingNode extends LibraryNode {
  readonly entries: PagedList<unknown>;
}

function isPagingNode(node: unknown): node is PagingNode {
  return typeof node === 'object' && node !== null && 'entries' in node;
}

/**
 * The list a Retry is for: the row's own command passes the list that failed, while the inline
 * button and the context menu pass the error row itself, which sits under that list.
 */
function failedList(node: LibraryNode | undefined): PagingNode | undefined {
  if (isPagingNode(node)) return node;
  return isPagingNode(node?.parent) ? node.parent : undefined;
}

/** The tree's commands. They act on the node they were invoked on (inline, context menu or click). */
export function registerLibraryCommands(model: LibraryModel, view: LibraryView, logger: Logger & { show(): void }): vscode.Disposable {
  const linkOf = (node: LibraryNode | undefined): SpotifyLink | undefined => node?.link();
  const linksOf = (node: LibraryNode | undefined, selected: LibraryNode[] | undefined): SpotifyLink[] =>
    commandTargets(node, selected).map(linkOf).filter((link): link is SpotifyLink => !!link);

  return vscode.Disposable.from(
    vscode.commands.registerCommand('spotifyLibrary.openInSpotify', async (node?: LibraryNode) => {
      const link = linkOf(node);
      if (!link) return;
      const target = readSettings().openIn === 'app' ? link.uri : link.url;
      await vscode.env.openExternal(vscode.Uri.parse(target, true));
    }),
    // With several rows selected, VS Code passes the selection too: every selected link, one a line.
    vscode.commands.registerCommand('spotifyLibrary.copyLink', async (node?: LibraryNode, selected?: LibraryNode[]) => {
      const links = linksOf(node, selected);
      if (links.length === 0) return;
      await vscode.env.clipboard.writeText(links.map((link) => link.url).join('\n'));
      vscode.window.setStatusBarMessage(links.length === 1 ? '$(check) Spotify link copied' : `$(check) ${links.length} Spotify links copied`, 2000);
    }),
    vscode.commands.registerCommand('spotifyLibrary.copyUri', async (node?: LibraryNode, selected?: LibraryNode[]) => {
      const links = linksOf(node, selected);
      if (links.length === 0) return;
      await vscode.env.clipboard.writeText(links.map((link) => link.uri).join('\n'));
      vscode.window.setStatusBarMessage(links.length === 1 ? '$(check) Spotify URI copied' : `$(check) ${links.length} Spotify URIs copied`, 2000);
    }),
    vscode.commands.registerCommand('spotifyLibrary.loadMore', async (node?: LibraryNode) => {
      if (isPagingNode(node)) await node.entries.loadMore();
    }),
    vscode.commands.registerCommand('spotifyLibrary.loadAll', async (node?: LibraryNode) => {
      if (!isPagingNode(node)) return;
      await vscode.window.withProgress({ location: { viewId: 'spotifyLibrary.library' } }, () => node.entries.loadAll());
    }),
    vscode.commands.registerCommand('spotifyLibrary.retry', async (node?: LibraryNode) => {
      await failedList(node)?.entries.retry();
    }),
    vscode.commands.registerCommand('spotifyLibrary.refresh', async () => {
      await view.syncSession(); // also the way back from a session sync that failed
      await vscode.window.withProgress({ location: { viewId: 'spotifyLibrary.library' } }, () => model.refresh());
      view.tree.refreshNode(undefined);
    }),
    vscode.commands.registerCommand('spotifyLibrary.showLog', () => logger.show()),
  );
}
