import type { FakeSpotifyProcess } from '../fake';

/** What a case leaves in the user's hands: kept alive while the retained heap is measured. */
export interface Held {
  /** Tracks (or playlist entries) the user now has; the heap and byte figures are per one of these. */
  items: number;
  /** Everything the user keeps: the model, or the items arrays an SDK handed back. */
  keep: unknown;
  note?: string;
}

/**
 * One case for one peer. `prepare` sets the scene (a previous session, a persisted cache, new likes
 * on the server) and is not measured; `run` is; `background` (optional) is what happens after the
 * first render, measured separately.
 */
export interface BenchCase {
  prepare?(): Promise<void>;
  run(): Promise<Held>;
  background?(): Promise<void>;
  cleanup?(): Promise<void>;
}

export type CaseId = 'firstPageCold' | 'firstPageWarm' | 'liked1000' | 'liked10000' | 'playlist5000' | 'resync' | 'newLikes';

export interface CaseContext {
  fake: FakeSpotifyProcess;
  /** The 5,000-entry playlist. */
  playlistId: string;
  /** Liked songs and playlists the fake serves right now. */
  likedTotal: number;
  playlistTotal: number;
}

export interface Peer {
  readonly id: 'extension' | 'ts-sdk' | 'web-api-node';
  readonly label: string;
  /** How this peer's requests reach the fake. */
  readonly pointedAtFake: string;
  /** The SDKs read playlist entries from /tracks, which the fake serves only with its legacy alias on. */
  readonly legacyTracksAlias: boolean;
  /** A few requests outside any measurement: connections, JIT, and a check that the token works. */
  warmUp(context: CaseContext): Promise<void>;
  makeCase(id: CaseId, context: CaseContext): BenchCase;
  dispose(): Promise<void>;
}

export const SDK_PAGE_SIZE = 50;
