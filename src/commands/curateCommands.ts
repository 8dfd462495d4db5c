import * as vscode from 'vscode';
import { MissingScopeError, type SpotifyError } from '../api/errors';
import type { Logger } from '../common/logger';
import { ACTION_SCOPES, SCOPE_WORDS } from '../common/sections';
import type { CurationOutcome, LibraryCuration, RemovedEntry, SavedKind } from '../library/curation';
import type { LibraryModel } from '../library/libraryModel';
import type { AlbumRecord, ArtistRecord, PlaylistRecord, ShowRecord, TrackRecord } from '../library/records';
import { formatCount } from '../views/format';
import { LIBRARY_VIEW_ID, type LibraryView } from '../views/libraryView';
import type { LibraryNode } from '../views/nodes/libraryNode';
import { commandTargets } from './commandTargets';
import { ensureScopes } from './permissions';

export const CURATE_COMMANDS = {
  like: 'spotifyLibrary.like',
  unlike: 'spotifyLibrary.unlike',
  saveToLibrary: 'spotifyLibrary.saveToLibrary',
  removeFromLibrary: 'spotifyLibrary.removeFromLibrary',
  follow: 'spotifyLibrary.follow',
  unfollow: 'spotifyLibrary.unfollow',
  addToPlaylist: 'spotifyLibrary.addToPlaylist',
  removeFromPlaylist: 'spotifyLibrary.removeFromPlaylist',
} as const;

/**
 * What Like and Remove from Liked Songs take besides a tree row: a song by its URI, as another
 * feature has it (the now-playing song). `name` and `artists` are shown in Liked Songs at once.
 */
export interface SongArgument {
  readonly uri: string;
  readonly name?: string;
  readonly artists?: string;
  readonly album?: string;
  readonly durationMs?: number;
}

/** Playlists the user added to lately, newest first (ids only), shared by every window. */
const RECENT_PLAYLISTS_KEY = 'spotifyLibrary.recentPlaylists';
const RECENT_PLAYLISTS_KEPT = 20;

export interface CurateContext {
  readonly model: LibraryModel;
  readonly view: LibraryView;
  readonly curation: LibraryCuration;
  readonly logger: Logger;
  readonly globalState: vscode.Memento;
}

/** Like, Save, Follow, Add to Playlist... and Remove from This Playlist: the tree's curating commands. */
export function registerCurateCommands(context: CurateContext): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand(CURATE_COMMANDS.like, (node?: unknown, selected?: unknown[]) => setLiked(context, songsOf(context.model, node, selected), true)),
    vscode.commands.registerCommand(CURATE_COMMANDS.unlike, (node?: unknown, selected?: unknown[]) => setLiked(context, songsOf(context.model, node, selected), false)),
    vscode.commands.registerCommand(CURATE_COMMANDS.saveToLibrary, (node?: unknown, selected?: unknown[]) => setSaved(context, savedTargetsOf(node, selected), true)),
    vscode.commands.registerCommand(CURATE_COMMANDS.removeFromLibrary, (node?: unknown, selected?: unknown[]) => setSaved(context, savedTargetsOf(node, selected), false)),
    vscode.commands.registerCommand(CURATE_COMMANDS.follow, (node?: unknown, selected?: unknown[]) => setSaved(context, savedTargetsOf(node, selected), true)),
    vscode.commands.registerCommand(CURATE_COMMANDS.unfollow, (node?: unknown, selected?: unknown[]) => setSaved(context, savedTargetsOf(node, selected), false)),
    vscode.commands.registerCommand(CURATE_COMMANDS.addToPlaylist, (node?: unknown, selected?: unknown[]) => addToPlaylist(context, addableOf(node, selected))),
    vscode.commands.registerCommand(CURATE_COMMANDS.removeFromPlaylist, (node?: LibraryNode, selected?: LibraryNode[]) => removeFromPlaylist(context, node, selected)),
  );
}

// ---------------------------------------------------------------- targets

function targetsOf(node: unknown, selected: unknown[] | undefined): unknown[] {
  return commandTargets<unknown>(node, selected);
}

function trackOf(target: unknown): TrackRecord | undefined {
  const track = (target as { track?: TrackRecord } | undefined)?.track;
  return track && typeof track === 'object' ? track : undefined;
}

/** Songs of rows, or of `{uri}` arguments (a record the library knows, else one made from the argument). */
function songsOf(model: LibraryModel, node: unknown, selected: unknown[] | undefined): TrackRecord[] {
  return targetsOf(node, selected).flatMap((target) => {
    const track = trackOf(target);
    if (track) return track.kind === 'track' && track.id ? [track] : [];
    const argument = target as Partial<SongArgument> | undefined;
    const id = typeof argument?.uri === 'string' ? /^spotify:track:([A-Za-z0-9]{22})$/.exec(argument.uri)?.[1] : undefined;
    if (!id) return [];
    const known = model.knownTrack(id);
    if (known) return [known];
    return [{ kind: 'track' as const, id, name: typeof argument?.name === 'string' ? argument.name : argument!.uri!, byline: typeof argument?.artists === 'string' ? argument.artists : '', album: typeof argument?.album === 'string' ? argument.album : undefined, durationMs: typeof argument?.durationMs === 'number' ? argument.durationMs : undefined }];
  });
}

/** Songs and episodes of the selected rows (local files and removed entries cannot be added). */
export function addableOf(node: unknown, selected: unknown[] | undefined): TrackRecord[] {
  return targetsOf(node, selected).flatMap((target) => {
    const track = trackOf(target);
    return track && (track.kind === 'track' || track.kind === 'episode') && track.id ? [track] : [];
  });
}

/** Albums, podcasts, episodes and artists of the selected rows, by the section that lists them. */
function savedTargetsOf(node: unknown, selected: unknown[] | undefined): SavedKind[] {
  const albums: AlbumRecord[] = [];
  const shows: ShowRecord[] = [];
  const episodes: TrackRecord[] = [];
  const artists: ArtistRecord[] = [];
  for (const target of targetsOf(node, selected)) {
    const record = target as { album?: AlbumRecord; show?: ShowRecord; artist?: ArtistRecord };
    const track = trackOf(target);
    if (record.album) albums.push(record.album);
    else if (record.show) shows.push(record.show);
    else if (record.artist) artists.push(record.artist);
    else if (track?.kind === 'episode') episodes.push(track);
  }
  const kinds: SavedKind[] = [];
  if (albums.length) kinds.push({ section: 'albums', items: albums });
  if (shows.length) kinds.push({ section: 'shows', items: shows });
  if (episodes.length) kinds.push({ section: 'episodes', items: episodes });
  if (artists.length) kinds.push({ section: 'artists', items: artists });
  return kinds;
}

/** “Song Name” for one, “3 songs” (as `many` words it) for several. */
export function describe(items: ReadonlyArray<{ name: string }>, many: (count: string) => string): string {
  return items.length === 1 ? vscode.l10n.t('“{0}”', items[0].name) : many(formatCount(items.length));
}

export const SONGS = (count: string) => vscode.l10n.t('{0} songs', count);
const EPISODES = (count: string) => vscode.l10n.t('{0} episodes', count);

// ---------------------------------------------------------------- Like, Save, Follow

async function setLiked(context: CurateContext, songs: TrackRecord[], liked: boolean): Promise<void> {
  if (songs.length === 0) return;
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.saveToLibrary, context.logger))) return;
  const what = describe(songs, SONGS);
  const outcome = await withViewProgress(() => context.curation.setLiked(songs, liked));
  report(context, outcome, {
    done: liked ? vscode.l10n.t('Added {0} to Liked Songs', what) : vscode.l10n.t('Removed {0} from Liked Songs', what),
    failed: liked ? vscode.l10n.t('Could not add {0} to Liked Songs', what) : vscode.l10n.t('Could not remove {0} from Liked Songs', what),
    scopes: ACTION_SCOPES.saveToLibrary,
    retry: () => setLiked(context, songs, liked),
  });
}

async function setSaved(context: CurateContext, kinds: SavedKind[], saved: boolean): Promise<void> {
  for (const kind of kinds) {
    const scopes = kind.section === 'artists' ? ACTION_SCOPES.followArtists : ACTION_SCOPES.saveToLibrary;
    if (!(await ensureScopes(context.model, context.view, scopes, context.logger))) return;
    const what = describe(kind.items, kind.section === 'albums' ? (count) => vscode.l10n.t('{0} albums', count) : kind.section === 'shows' ? (count) => vscode.l10n.t('{0} podcasts', count) : kind.section === 'episodes' ? EPISODES : (count) => vscode.l10n.t('{0} artists', count));
    const outcome = await withViewProgress(() => context.curation.setSaved(kind, saved));
    const words =
      kind.section === 'artists'
        ? { done: saved ? vscode.l10n.t('Following {0}', what) : vscode.l10n.t('No longer following {0}', what), failed: saved ? vscode.l10n.t('Could not follow {0}', what) : vscode.l10n.t('Could not unfollow {0}', what) }
        : { done: saved ? vscode.l10n.t('Saved {0} to Your Library', what) : vscode.l10n.t('Removed {0} from Your Library', what), failed: saved ? vscode.l10n.t('Could not save {0} to Your Library', what) : vscode.l10n.t('Could not remove {0} from Your Library', what) };
    report(context, outcome, { ...words, scopes, retry: () => setSaved(context, [kind], saved) });
  }
}

// ---------------------------------------------------------------- Add to Playlist...

interface PlaylistPickItem extends vscode.QuickPickItem {
  readonly playlist?: PlaylistRecord;
  readonly create?: boolean;
}

/** Add to Playlist...: into `into` (a drop on a playlist), or one the user picks. */
export async function addToPlaylist(context: CurateContext, tracks: TrackRecord[], into?: PlaylistRecord): Promise<void> {
  if (tracks.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Select songs or episodes to add to a playlist.')); // nothing to wait for
    return;
  }
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  const what = describe(tracks, tracks.every((track) => track.kind === 'episode') ? EPISODES : SONGS);
  const target = into ? { playlist: into, created: false } : await pickPlaylist(context, what);
  if (!target) return;
  let toAdd = tracks;
  if (!target.created) {
    const entries = context.model.entriesOf(target.playlist);
    await withViewProgress(async () => {
      await entries.loadAllForUser();
    });
    if (entries.error) {
      report(context, { done: 0, total: tracks.length, error: entries.error }, {
        done: '',
        failed: vscode.l10n.t('Could not read “{0}” to see which songs it has', target.playlist.name),
        scopes: ACTION_SCOPES.editPlaylists,
        retry: () => addToPlaylist(context, tracks, into),
      });
      return;
    }
    const already = context.curation.alreadyIn(target.playlist, tracks);
    if (already.length > 0) {
      const choice = await askAboutDuplicates(target.playlist, tracks.length, already.length);
      if (!choice) return;
      if (choice === 'skip') {
        const present = new Set(already);
        toAdd = tracks.filter((track) => !present.has(track));
      }
    }
  }
  if (toAdd.length === 0) {
    vscode.window.setStatusBarMessage(vscode.l10n.t('$(check) Nothing to add: all of them are in “{0}” already', target.playlist.name), 4000);
    return;
  }
  await rememberPlaylist(context.globalState, target.playlist.id);
  const adding = describe(toAdd, toAdd.every((track) => track.kind === 'episode') ? EPISODES : SONGS);
  const outcome = await withViewProgress(() => context.curation.addToPlaylist(target.playlist, toAdd));
  report(context, outcome, {
    done: vscode.l10n.t('Added {0} to “{1}”', adding, target.playlist.name),
    failed: vscode.l10n.t('Could not add {0} to “{1}”', adding, target.playlist.name),
    scopes: ACTION_SCOPES.editPlaylists,
    retry: () => addToPlaylist(context, toAdd.slice(outcome.done), target.playlist),
  });
}

/** The playlists the user may edit, the ones added to lately first, then Spotify's order; and "New Playlist...". */
async function pickPlaylist(context: CurateContext, what: string): Promise<{ playlist: PlaylistRecord; created: boolean } | undefined> {
  const playlists = context.model.playlists;
  if (playlists.hasMore || !playlists.isLoaded) await withViewProgress(() => playlists.loadAllForUser());
  const recent = context.globalState.get<string[]>(RECENT_PLAYLISTS_KEY) ?? [];
  const rank = (playlist: PlaylistRecord) => {
    const at = recent.indexOf(playlist.id);
    return at < 0 ? recent.length : at;
  };
  const editable = playlists.items.filter((playlist) => context.model.canEdit(playlist));
  const ordered = editable.map((playlist, index) => ({ playlist, index })).sort((a, b) => rank(a.playlist) - rank(b.playlist) || a.index - b.index);
  const items: PlaylistPickItem[] = [
    { label: `$(add) ${vscode.l10n.t('New Playlist...')}`, create: true, alwaysShow: true },
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    ...ordered.map(({ playlist }) => ({
      label: playlist.name,
      description: [playlist.total !== undefined ? (playlist.total === 1 ? vscode.l10n.t('1 track') : vscode.l10n.t('{0} tracks', formatCount(playlist.total))) : undefined, playlist.collaborative ? vscode.l10n.t('collaborative') : undefined].filter(Boolean).join(' · '),
      iconPath: new vscode.ThemeIcon(playlist.collaborative ? 'organization' : 'list-unordered'),
      playlist,
    })),
  ];
  if (playlists.error) items.push({ label: `$(error) ${vscode.l10n.t('Some playlists could not be loaded: {0}', playlists.error.message)}`, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Add {0} to Playlist', what),
    placeHolder: vscode.l10n.t('Pick a playlist you own or collaborate on'),
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.playlist) return { playlist: picked.playlist, created: false };
  if (!picked.create) return undefined;
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('New Playlist'),
    prompt: vscode.l10n.t('The name of the new playlist (private; change that in Spotify)'),
    validateInput: (value) => (value.trim() === '' ? vscode.l10n.t('A playlist needs a name') : value.length > 100 ? vscode.l10n.t('At most 100 characters') : undefined),
  });
  if (!name?.trim()) return undefined;
  try {
    return { playlist: await withViewProgress(() => context.curation.createPlaylist(name.trim())), created: true };
  } catch (error) {
    report(context, { done: 0, total: 1, error: error as SpotifyError }, {
      done: '',
      failed: vscode.l10n.t('Could not create the playlist “{0}”', name.trim()),
      scopes: ACTION_SCOPES.editPlaylists,
    });
    return undefined;
  }
}

/** Songs already in the playlist: add them again, or only the others. A QuickPick: modal dialogs block VS Code's tests and its users alike. */
async function askAboutDuplicates(playlist: PlaylistRecord, total: number, already: number): Promise<'add' | 'skip' | undefined> {
  if (already === total) {
    // Nothing would be left to add after skipping: the only choice is adding them again.
    const again: vscode.QuickPickItem & { choice: 'add' } = {
      label: vscode.l10n.t('Add Anyway'),
      description: total === 1 ? vscode.l10n.t('it will be in the playlist twice') : vscode.l10n.t('each will be in the playlist twice'),
      choice: 'add',
    };
    const picked = await vscode.window.showQuickPick([again], {
      title: total === 1 ? vscode.l10n.t('It is already in “{0}”', playlist.name) : vscode.l10n.t('All {0} are already in “{1}”', formatCount(total), playlist.name),
      placeHolder: vscode.l10n.t('Add again anyway, or press Escape to leave the playlist as it is'),
    });
    return picked?.choice;
  }
  const items: Array<vscode.QuickPickItem & { choice: 'add' | 'skip' }> = [
    { label: vscode.l10n.t('Skip Those'), description: vscode.l10n.t('add the other {0}', formatCount(total - already)), choice: 'skip' },
    { label: vscode.l10n.t('Add Anyway'), description: vscode.l10n.t('add all {0}, {1} of them twice', formatCount(total), formatCount(already)), choice: 'add' },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: already === 1 ? vscode.l10n.t('1 of them is already in “{0}”', playlist.name) : vscode.l10n.t('{0} of them are already in “{1}”', formatCount(already), playlist.name),
    placeHolder: vscode.l10n.t('Add them again, or skip the ones already there?'),
  });
  return picked?.choice;
}

async function rememberPlaylist(state: vscode.Memento, playlistId: string): Promise<void> {
  const recent = (state.get<string[]>(RECENT_PLAYLISTS_KEY) ?? []).filter((id) => id !== playlistId);
  await state.update(RECENT_PLAYLISTS_KEY, [playlistId, ...recent].slice(0, RECENT_PLAYLISTS_KEPT));
}

// ---------------------------------------------------------------- Remove from This Playlist

async function removeFromPlaylist(context: CurateContext, node: LibraryNode | undefined, selected: LibraryNode[] | undefined): Promise<void> {
  // Rows of one playlist or several: each playlist gets its own write and its own Undo.
  const byPlaylist = new Map<string, { playlist: PlaylistRecord; tracks: TrackRecord[] }>();
  for (const target of commandTargets(node, selected)) {
    const playlist = (target.parent as { playlist?: PlaylistRecord } | undefined)?.playlist;
    const track = trackOf(target);
    if (!playlist || !track || !context.model.canEdit(playlist)) continue;
    const group = byPlaylist.get(playlist.id) ?? { playlist: context.model.playlistById(playlist.id) ?? playlist, tracks: [] };
    group.tracks.push(track);
    byPlaylist.set(playlist.id, group);
  }
  if (byPlaylist.size === 0) return;
  if (!(await ensureScopes(context.model, context.view, ACTION_SCOPES.editPlaylists, context.logger))) return;
  for (const { playlist, tracks } of byPlaylist.values()) {
    const what = describe(tracks, SONGS);
    const outcome = await withViewProgress(() => context.curation.removeFromPlaylist(playlist, tracks));
    if (outcome.error) {
      report(context, outcome, {
        done: '',
        failed: vscode.l10n.t('Could not remove {0} from “{1}”', what, playlist.name),
        scopes: ACTION_SCOPES.editPlaylists,
        retry: () => removeFromPlaylist(context, node, selected),
      });
      if (outcome.removed.length > 0) offerUndo(context, playlist, outcome.removed, what);
      continue;
    }
    offerUndo(context, playlist, outcome.removed, what);
  }
}

/** The notification with Undo, not awaited: the command is done; Undo runs whenever it is clicked. */
function offerUndo(context: CurateContext, playlist: PlaylistRecord, removed: RemovedEntry[], what: string): void {
  const undo = vscode.l10n.t('Undo');
  void vscode.window.showInformationMessage(vscode.l10n.t('Removed {0} from “{1}”.', what, playlist.name), undo).then(async (choice) => {
    if (choice !== undo) return;
    const outcome = await withViewProgress(() => context.curation.restoreToPlaylist(context.model.playlistById(playlist.id) ?? playlist, removed));
    report(context, outcome, {
      done: vscode.l10n.t('Put {0} back in “{1}”', what, playlist.name),
      failed: vscode.l10n.t('Could not put {0} back in “{1}”', what, playlist.name),
      scopes: ACTION_SCOPES.editPlaylists,
    });
  });
}

// ---------------------------------------------------------------- words

export interface ReportWords {
  /** Said in the status bar when everything went through. */
  readonly done: string;
  /** The start of the error message: "Could not add “Song” to Liked Songs". */
  readonly failed: string;
  /** What the write needs: a refusal for a missing one offers Grant Access. */
  readonly scopes: readonly string[];
  readonly retry?: () => Promise<void>;
}

/**
 * Success in the status bar; a failure in a message that says what happened, what made it (a write
 * of several batches keeps what Spotify took) and offers the way out: Retry, or Grant Access.
 */
export function report(context: CurateContext, outcome: CurationOutcome, words: ReportWords): void {
  const error = outcome.error;
  if (!error) {
    if (words.done) vscode.window.setStatusBarMessage(`$(check) ${words.done}`, 4000);
    return;
  }
  context.logger.warn(`[curate] ${words.failed}: ${error.message} (${outcome.done} of ${outcome.total} went through)`);
  // Batches go in the order of the selection: what went through is its beginning.
  const partly = outcome.done > 0 ? ` ${vscode.l10n.t('The first {0} of {1} (in the order selected) went through; the rest did not change.', formatCount(outcome.done), formatCount(outcome.total))}` : ` ${vscode.l10n.t('Nothing changed.')}`;
  if (error instanceof MissingScopeError) {
    const grant = vscode.l10n.t('Grant Access');
    const words2 = error.scopes.map((scope) => SCOPE_WORDS[scope] ?? scope).join(', ');
    // Not awaited: the command ends with the rollback; the buttons act whenever they are clicked.
    void vscode.window.showErrorMessage(`${words.failed}: ${vscode.l10n.t('Spotify has not allowed this app to {0}.', words2)}${partly}`, grant).then(async (choice) => {
      if (choice === grant && (await ensureScopes(context.model, context.view, words.scopes, context.logger, { askEvenIfGranted: true }))) await words.retry?.();
    });
    return;
  }
  const retry = vscode.l10n.t('Retry');
  const buttons = error.retryable && words.retry ? [retry] : [];
  const reason = error.message;
  void vscode.window.showErrorMessage(`${words.failed}: ${reason}${partly}`, ...buttons).then(async (choice) => {
    if (choice === retry) await words.retry?.();
  });
}

export function withViewProgress<T>(task: () => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: { viewId: LIBRARY_VIEW_ID } }, task);
}
