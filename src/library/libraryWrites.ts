import { BadResponseError, ForbiddenError, MissingScopeError, SpotifyError } from '../api/errors';
import type { SpotifyClient, WriteMethod } from '../api/spotifyClient';
import { l10n } from '../common/l10n';
import { ACTION_SCOPES } from '../common/sections';
import { normalizePlaylist } from './normalize';
import type { PlaylistCall } from './playlistDiff';
import type { PlaylistRecord } from './records';

/** Spotify takes at most 40 URIs per /me/library call and 100 per playlist items call. */
export const LIBRARY_BATCH = 40;
export const PLAYLIST_BATCH = 100;

/**
 * What a write of several batches did: the URIs Spotify took, and, when it stopped, the ones it
 * did not and why. Batches go one after another, so "which made it" is always known.
 */
export interface WriteOutcome {
  readonly done: readonly string[];
  readonly failed?: { readonly uris: readonly string[]; readonly error: SpotifyError };
  /** The playlist's snapshot_id after the last batch Spotify took. */
  readonly snapshotId?: string;
}

/** What PUT /playlists/{id} changes; absent fields stay. */
export interface PlaylistDetails {
  readonly name?: string;
  readonly description?: string;
  readonly public?: boolean;
  readonly collaborative?: boolean;
}

/** A refusal because this app may not change the playlist (not the user's own, not collaborative). */
export class PlaylistNotEditableError extends ForbiddenError {
  constructor() {
    super('notOwned', l10n.t('Spotify lets apps change only playlists you own or collaborate on.'));
  }
}

/** The scopes a /me/library write of this URI needs. */
export function scopesForLibraryUri(uri: string): readonly string[] {
  if (uri.startsWith('spotify:artist:')) return ACTION_SCOPES.followArtists;
  if (uri.startsWith('spotify:playlist:')) return ACTION_SCOPES.editPlaylists;
  return ACTION_SCOPES.saveToLibrary;
}

/** Calls of one playlist save sent at once, as the user's (most of the budget's 60 a window); later ones take the paced background lane. */
const CALLS_AT_ONCE = 50;

/**
 * Spotify's write endpoints (2026): save/remove any kind by URI in /me/library, what is saved
 * (contains), playlist items added and removed, playlists created. User actions: the interactive
 * lane unless told otherwise.
 */
export class LibraryWrites {
  readonly #client: SpotifyClient;

  constructor(client: SpotifyClient) {
    this.#client = client;
  }

  /** Saves (likes, follows) the URIs, 40 a call; stops at the first refusal. */
  saveToLibrary(uris: readonly string[]): Promise<WriteOutcome> {
    return this.#libraryWrite('PUT', uris);
  }

  removeFromLibrary(uris: readonly string[]): Promise<WriteOutcome> {
    return this.#libraryWrite('DELETE', uris);
  }

  /**
   * Adds the URIs at `position` (the end when absent), 100 a call, each batch after the one
   * before. Never retried after a 5xx: the entries may have been added.
   */
  async addToPlaylist(playlistId: string, uris: readonly string[], position?: number): Promise<WriteOutcome> {
    const done: string[] = [];
    let snapshotId: string | undefined;
    for (const batch of batches(uris, PLAYLIST_BATCH)) {
      try {
        const body = position === undefined ? { uris: batch } : { uris: batch, position: position + done.length };
        snapshotId = snapshotOf(await this.#client.sendJson('POST', `/playlists/${encodeURIComponent(playlistId)}/items`, body)) ?? snapshotId;
        done.push(...batch);
      } catch (error) {
        return { done, snapshotId, failed: { uris: uris.slice(done.length), error: translate(error, ACTION_SCOPES.editPlaylists, true) } };
      }
    }
    return { done, snapshotId };
  }

  /**
   * Sends a plan of planPlaylistSave, call after call, each with the snapshot_id the one before
   * answered; stops at the first refusal. `sent`: how many calls Spotify took.
   */
  async applyPlaylistCalls(playlistId: string, calls: readonly PlaylistCall[], snapshotId: string | undefined): Promise<{ sent: number; snapshotId?: string; error?: SpotifyError }> {
    const path = `/playlists/${encodeURIComponent(playlistId)}/items`;
    let latest = snapshotId;
    for (const [sent, call] of calls.entries()) {
      const withSnapshot = latest ? { snapshot_id: latest } : {};
      // A save of a few calls goes out at once; the rest of a long one (an import of thousands) is paced under the budget, so it cannot burst into a Retry-After of hours.
      const lane = sent < CALLS_AT_ONCE ? 'interactive' : 'background';
      try {
        const answer =
          call.kind === 'remove'
            ? await this.#client.sendJson('DELETE', path, { items: call.uris.map((uri) => ({ uri })), ...withSnapshot }, { repeatable: true, lane })
            : call.kind === 'add'
              ? await this.#client.sendJson('POST', path, { uris: call.uris, position: call.position }, { lane })
              : await this.#client.sendJson('PUT', path, { range_start: call.rangeStart, insert_before: call.insertBefore, range_length: call.rangeLength, ...withSnapshot }, { lane });
        latest = snapshotOf(answer) ?? latest;
      } catch (error) {
        return { sent, snapshotId: latest, error: translate(error, ACTION_SCOPES.editPlaylists, true) };
      }
    }
    return { sent: calls.length, snapshotId: latest };
  }

  /** Changes a playlist's name, description, and whether it is public or collaborative (owner only). */
  async changePlaylistDetails(playlistId: string, details: PlaylistDetails): Promise<void> {
    try {
      await this.#client.sendJson('PUT', `/playlists/${encodeURIComponent(playlistId)}`, details, { repeatable: true });
    } catch (error) {
      throw translate(error, ACTION_SCOPES.editPlaylists, true);
    }
  }

  /** A new private playlist of the user's. */
  async createPlaylist(name: string): Promise<PlaylistRecord> {
    let raw: unknown;
    try {
      raw = await this.#client.sendJson('POST', '/me/playlists', { name, public: false });
    } catch (error) {
      throw translate(error, ACTION_SCOPES.editPlaylists);
    }
    const playlist = normalizePlaylist(raw);
    if (!playlist) throw new BadResponseError();
    return { ...playlist, total: playlist.total ?? 0 };
  }

  async #libraryWrite(method: WriteMethod, uris: readonly string[]): Promise<WriteOutcome> {
    const done: string[] = [];
    for (const batch of batches(uris, LIBRARY_BATCH)) {
      try {
        await this.#client.sendJson(method, `/me/library?${new URLSearchParams({ uris: batch.join(',') })}`, undefined, { repeatable: true });
        done.push(...batch);
      } catch (error) {
        return { done, failed: { uris: uris.slice(done.length), error: translate(error, [...new Set(batch.flatMap(scopesForLibraryUri))]) } };
      }
    }
    return { done };
  }
}

export function batches<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function snapshotOf(raw: unknown): string | undefined {
  const snapshot = (raw as { snapshot_id?: unknown } | undefined)?.snapshot_id;
  return typeof snapshot === 'string' ? snapshot : undefined;
}

/** A missing scope as the Grant Access path knows it; a playlist refusal as what it means for a write. */
export function translate(error: unknown, scopes: readonly string[], playlist = false): SpotifyError {
  if (error instanceof ForbiddenError && error.reason === 'insufficientScope' && !(error instanceof MissingScopeError)) return new MissingScopeError(scopes);
  if (playlist && error instanceof ForbiddenError && error.reason === 'notOwned') return new PlaylistNotEditableError();
  return error instanceof SpotifyError ? error : new BadResponseError(String(error));
}
