import * as vscode from 'vscode';
import { messageOf } from '../common/errorMessage';
import type { Logger } from '../common/logger';
import { sectionListId } from '../library/indexer';
import type { LibraryApi } from '../library/libraryApi';
import type { LibraryModel } from '../library/libraryModel';
import type { AlbumRecord, ArtistRecord, ShowRecord, TrackRecord } from '../library/records';
import type { LibraryView } from '../views/libraryView';
import type { LibraryNode } from '../views/nodes/libraryNode';
import { type CatalogItem, catalogItemId } from '../views/nodes/searchResultsNode';
import { nodeForEntry, revealNode } from '../views/revealInLibrary';
import { withViewProgress } from './curateCommands';

export const GO_TO_COMMANDS = { album: 'spotifyLibrary.goToAlbum', artist: 'spotifyLibrary.goToArtist', podcast: 'spotifyLibrary.goToPodcast' } as const;

const SECTION_OF = { album: 'albums', artist: 'artists', show: 'shows' } as const;

/**
 * Go to Album, Go to Artist (song rows) and Go to Podcast (episode rows), as the Spotify app has
 * them: where it already is in the library it is revealed and selected; otherwise it opens in
 * Search Results, to browse. What the row's list knows is used first (a song of an album goes to
 * that album); otherwise one request asks Spotify for the ids the row has only names of.
 */
export function registerGoToCommands(model: LibraryModel, view: LibraryView, api: LibraryApi, logger: Logger): vscode.Disposable {
  const show = async (item: Extract<CatalogItem, { kind: 'album' | 'artist' | 'show' }>): Promise<void> => {
    const section = SECTION_OF[item.kind];
    const uri = `spotify:${item.kind}:${catalogItemId(item)}`;
    const shown = model.shownSections.includes(section);
    const list = model.section(section);
    // The section's first page at least (the user's own action: at once); further pages only as far as they are loaded.
    if (shown && !list.isLoaded) await withViewProgress(() => list.ensureLoaded());
    const index = shown ? (list.items as ReadonlyArray<{ id?: string }>).findIndex((saved) => saved.id === catalogItemId(item)) : -1;
    const saved = index >= 0 ? await nodeForEntry(view.tree, { listId: sectionListId(section), index, key: uri }, (node) => node.link()?.uri) : undefined;
    const node = saved ?? view.tree.searchResults.open(item);
    if (!saved) view.tree.refreshNode(undefined);
    if (!(await revealNode(view.treeView, node, { expand: !saved, focus: true }))) void vscode.window.showWarningMessage(vscode.l10n.t('Could not show it in the Library view. Try again.'));
  };

  const failed = (what: string, error: unknown, retry: () => Promise<void>) => {
    logger.warn(`[goTo] ${what}: ${messageOf(error)}`);
    const again = vscode.l10n.t('Retry');
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not find {0}: {1}', what, messageOf(error)), again).then((choice) => (choice === again ? retry() : undefined));
  };

  const trackOf = (node: unknown): TrackRecord | undefined => (node as { track?: TrackRecord } | undefined)?.track;

  const goToAlbum = async (node?: LibraryNode): Promise<void> => {
    const track = trackOf(node);
    if (!track?.id || track.kind !== 'track') return;
    const listed = (node?.parent as { album?: AlbumRecord } | undefined)?.album;
    if (listed) return show({ kind: 'album', album: listed });
    try {
      const { album } = await withViewProgress(() => api.trackContext(track.id!));
      if (album) await show({ kind: 'album', album });
      else void vscode.window.showInformationMessage(vscode.l10n.t('Spotify names no album for “{0}”.', track.name));
    } catch (error) {
      failed(vscode.l10n.t('the album of “{0}”', track.name), error, () => goToAlbum(node));
    }
  };

  const goToArtist = async (node?: LibraryNode): Promise<void> => {
    const track = trackOf(node);
    if (!track?.id || track.kind !== 'track') return;
    let artists: ArtistRecord[];
    try {
      artists = (await withViewProgress(() => api.trackContext(track.id!))).artists;
    } catch (error) {
      failed(vscode.l10n.t('the artists of “{0}”', track.name), error, () => goToArtist(node));
      return;
    }
    const artist = artists.length > 1 ? (await vscode.window.showQuickPick(artists.map((each) => ({ label: each.name, artist: each })), { title: vscode.l10n.t('Go to Artist'), placeHolder: vscode.l10n.t('“{0}” has several artists', track.name) }))?.artist : artists[0];
    if (artist) await show({ kind: 'artist', artist });
  };

  const goToPodcast = async (node?: LibraryNode): Promise<void> => {
    const episode = trackOf(node);
    if (!episode?.id || episode.kind !== 'episode') return;
    const listed = (node?.parent as { show?: ShowRecord } | undefined)?.show;
    if (listed) return show({ kind: 'show', show: listed });
    try {
      const podcast = await withViewProgress(() => api.episodeShow(episode.id!));
      if (podcast) await show({ kind: 'show', show: podcast });
    } catch (error) {
      failed(vscode.l10n.t('the podcast of “{0}”', episode.name), error, () => goToPodcast(node));
    }
  };

  return vscode.Disposable.from(
    vscode.commands.registerCommand(GO_TO_COMMANDS.album, goToAlbum),
    vscode.commands.registerCommand(GO_TO_COMMANDS.artist, goToArtist),
    vscode.commands.registerCommand(GO_TO_COMMANDS.podcast, goToPodcast),
  );
}
