import * as vscode from 'vscode';
import { DEFAULT_REQUEST_BUDGET } from './requestBudget';
import { type SectionId, shownSections, shownViewSections, type ViewSectionId } from './sections';

export const CONFIG_SECTION = 'spotifyLibrary';

/** VS Code's own redirect page, which forwards the code to the callback named in `state`. */
export const DEFAULT_REDIRECT_PAGE_URL = 'https://vscode.dev/redirect';

export type SignInFlowSetting = 'auto' | 'loopback' | 'redirect' | 'paste';

/** A snapshot of the extension's settings, read fresh wherever it is used. */
export interface LibrarySettings {
  clientId: string;
  redirectPort: number;
  signInFlow: SignInFlowSetting;
  market: string;
  openIn: 'web' | 'app';
  pageSize: number;
  apiBaseUrl: string;
  accountsBaseUrl: string;
  /** The page Spotify redirects to in remote and web windows; it forwards to VS Code. */
  redirectPageUrl: string;
  /** The Library's sections the user shows, in their order. */
  sections: SectionId[];
  /** Every root the Library view shows, in its order: the library sections and the history ones (Recently Played). */
  viewSections: ViewSectionId[];
  /** The ceiling of the request budget per rolling 30 s (Spotify publishes none: an assumption). */
  requestsPer30Seconds: number;
  /** Covers as the icons of playlist, album and podcast rows; off: codicons. */
  showArtwork: boolean;
}

export function readSettings(): LibrarySettings {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const pageSize = Math.round(config.get<number>('pageSize', 50));
  return {
    clientId: config.get<string>('clientId', '').trim(),
    redirectPort: config.get<number>('redirectPort', 0),
    signInFlow: config.get<SignInFlowSetting>('signInFlow', 'auto'),
    market: config.get<string>('market', 'from_token').trim(),
    openIn: config.get<'web' | 'app'>('openIn', 'web'),
    pageSize: Math.min(50, Math.max(1, Number.isFinite(pageSize) ? pageSize : 50)),
    apiBaseUrl: stripTrailingSlash(config.get<string>('apiBaseUrl', 'https://api.spotify.com/v1')),
    accountsBaseUrl: stripTrailingSlash(config.get<string>('accountsBaseUrl', 'https://accounts.spotify.com')),
    // Exact, as registered in the Spotify app: no trailing-slash normalising.
    redirectPageUrl: config.get<string>('redirectPageUrl', DEFAULT_REDIRECT_PAGE_URL).trim() || DEFAULT_REDIRECT_PAGE_URL,
    sections: shownSections(config.get<unknown>('sections')),
    viewSections: shownViewSections(config.get<unknown>('sections')),
    showArtwork: config.get<boolean>('showArtwork', true) !== false,
    requestsPer30Seconds: clamp(Math.round(config.get<number>('requestsPer30Seconds', DEFAULT_REQUEST_BUDGET.requests)), 5, 1_000, DEFAULT_REQUEST_BUDGET.requests),
  };
}

function clamp(value: number, min: number, max: number, fallback: number): number {
  return Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function stripTrailingSlash(url: string): string {
  return url.trim().replace(/\/+$/, '');
}
