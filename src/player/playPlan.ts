import { type TrackRecord, trackUri } from '../library/records';
import type { PlayRequest } from './playerApi';

/**
 * What Play on a row sends, so the next songs follow: an entry plays in its list (a playlist or
 * album from that entry, an episode in its show, a liked song in the user's collection), a list
 * plays from its start. The tree's nodes are read by their shape, so this stays free of vscode.
 */
export interface PlayableNode {
  readonly id: string;
  readonly parent: PlayableNode | undefined;
  readonly track?: TrackRecord;
  readonly playlist?: { readonly id: string };
  readonly album?: { readonly id: string };
  readonly show?: { readonly id: string };
  readonly entries?: { readonly items: readonly unknown[] };
}

/** A link target from an editor hover: `{kind, id, uri}`. */
export interface PlayableLink {
  readonly kind: string;
  readonly id: string;
  readonly uri: string;
}

export type PlayRefusal = 'localFile' | 'removed' | 'unavailable' | 'notPlayable';

export type PlayPlan =
  | {
      readonly request: PlayRequest;
      /** Sent when Spotify refuses the first (the Liked Songs collection as a context). */
      readonly fallback?: PlayRequest;
    }
  | { readonly refusal: PlayRefusal };

/** Spotify takes at most this many uris in one play command; the rest of a list follows by context. */
export const MAX_PLAY_URIS = 100;

/** Liked Songs has no documented context uri; Spotify's own clients use this one. */
export function collectionUri(accountId: string): string {
  return `spotify:user:${accountId}:collection`;
}

export function playPlanForNode(node: PlayableNode, accountId: string | undefined): PlayPlan {
  if (node.track) return planForEntry(node, node.track, accountId);
  if (node.playlist) return { request: { contextUri: `spotify:playlist:${node.playlist.id}` } };
  if (node.album) return { request: { contextUri: `spotify:album:${node.album.id}` } };
  if (node.show) return { request: { contextUri: `spotify:show:${node.show.id}` } };
  if (node.id === 'liked' && node.parent === undefined) {
    const uris = playableUris(node.entries?.items ?? []);
    const fallback = uris.length > 0 ? { uris: uris.slice(0, MAX_PLAY_URIS) } : undefined;
    if (!accountId) return fallback ? { request: fallback } : { refusal: 'notPlayable' };
    return { request: { contextUri: collectionUri(accountId) }, fallback };
  }
  return { refusal: 'notPlayable' };
}

export function playPlanForLink(link: PlayableLink): PlayPlan {
  if (link.kind === 'track' || link.kind === 'episode') return { request: { uris: [link.uri] } };
  if (['album', 'playlist', 'show', 'artist'].includes(link.kind)) return { request: { contextUri: link.uri } };
  return { refusal: 'notPlayable' };
}

/** The uri Add to Queue sends for a row, or why it cannot. */
export function queueUriForNode(node: PlayableNode): { uri: string } | { refusal: PlayRefusal } {
  const track = node.track;
  const refusal = track ? refusalFor(track) : 'notPlayable';
  if (refusal) return { refusal };
  const uri = track && trackUri(track);
  return uri ? { uri } : { refusal: 'notPlayable' };
}

function planForEntry(node: PlayableNode, track: TrackRecord, accountId: string | undefined): PlayPlan {
  const refusal = refusalFor(track);
  if (refusal) return { refusal };
  const uri = trackUri(track);
  if (!uri) return { refusal: 'notPlayable' };
  const parent = node.parent;
  const siblings = parent?.entries?.items ?? [];
  // A song twice in a playlist: the position says which one (Spotify's offset by uri takes the first).
  const position = siblings.indexOf(track);
  const offset = position >= 0 && siblings.filter((other) => isTrack(other) && trackUri(other) === uri).length > 1 ? { position } : { uri };
  if (parent?.playlist) return { request: { contextUri: `spotify:playlist:${parent.playlist.id}`, offset } };
  if (parent?.album) return { request: { contextUri: `spotify:album:${parent.album.id}`, offset: { uri } } };
  if (parent?.show) return { request: { contextUri: `spotify:show:${parent.show.id}`, offset: { uri } } };
  if (parent?.id === 'liked' && parent.parent === undefined) {
    // The song and those after it, as loaded: what plays when Spotify refuses the collection.
    const after = position >= 0 ? playableUris(siblings.slice(position)) : [uri];
    const fallback = { uris: after.slice(0, MAX_PLAY_URIS) };
    return accountId ? { request: { contextUri: collectionUri(accountId), offset: { uri } }, fallback } : { request: fallback };
  }
  return { request: { uris: [uri] } };
}

function refusalFor(track: TrackRecord): PlayRefusal | undefined {
  if (track.kind === 'local') return 'localFile';
  if (track.kind === 'removed') return 'removed';
  if (track.playable === false) return 'unavailable';
  return undefined;
}

function isTrack(value: unknown): value is TrackRecord {
  return typeof value === 'object' && value !== null && 'kind' in value && 'name' in value;
}

function playableUris(items: readonly unknown[]): string[] {
  return items.filter(isTrack).filter((track) => !refusalFor(track)).flatMap((track) => trackUri(track) ?? []);
}
