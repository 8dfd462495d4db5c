import * as vscode from 'vscode';
import type { SectionId } from '../../common/sections';
import type { PagedList } from '../../library/pagedList';
import { formatCount } from '../format';
import { accessibilityInformationOf, type RowSpeech, type RowWords } from './rowAccessibility';

let localized: RowWords | undefined;

/** The words a screen reader hears for each kind and state of row, in the display language. */
function rowWords(): RowWords {
  localized ??= {
    kinds: {
      section: vscode.l10n.t('library section'),
      playlist: vscode.l10n.t('playlist'),
      album: vscode.l10n.t('album'),
      artist: vscode.l10n.t('artist'),
      show: vscode.l10n.t('podcast'),
      episode: vscode.l10n.t('episode'),
      track: vscode.l10n.t('song'),
      localFile: vscode.l10n.t('local file'),
      removed: vscode.l10n.t('removed item'),
      loadMore: vscode.l10n.t('load more'),
      notice: vscode.l10n.t('notice'),
      permission: vscode.l10n.t('permission'),
      error: vscode.l10n.t('error'),
    },
    states: {
      loading: vscode.l10n.t('loading'),
      error: vscode.l10n.t('could not load'),
      unavailable: vscode.l10n.t('unavailable'),
      local: vscode.l10n.t('local file'),
      explicit: vscode.l10n.t('explicit'),
      liked: vscode.l10n.t('liked'),
      played: vscode.l10n.t('played'),
      collaborative: vscode.l10n.t('collaborative'),
    },
  };
  return localized;
}

/** A row's `accessibilityInformation`, in the display language. */
export function rowAccessibility(row: RowSpeech): vscode.AccessibilityInformation {
  return accessibilityInformationOf(row, rowWords());
}

/** What a list holds, counted in a whole phrase per form (translations need the sentence): "2,000 songs". */
export function countOf(total: number, unit: 'songs' | 'tracks' | 'playlists' | 'albums' | 'artists' | 'podcasts' | 'episodes'): string {
  const count = formatCount(total);
  const one = total === 1;
  switch (unit) {
    case 'songs':
      return one ? vscode.l10n.t('1 song') : vscode.l10n.t('{0} songs', count);
    case 'tracks':
      return one ? vscode.l10n.t('1 track') : vscode.l10n.t('{0} tracks', count);
    case 'playlists':
      return one ? vscode.l10n.t('1 playlist') : vscode.l10n.t('{0} playlists', count);
    case 'albums':
      return one ? vscode.l10n.t('1 album') : vscode.l10n.t('{0} albums', count);
    case 'artists':
      return one ? vscode.l10n.t('1 artist') : vscode.l10n.t('{0} artists', count);
    case 'podcasts':
      return one ? vscode.l10n.t('1 podcast') : vscode.l10n.t('{0} podcasts', count);
    case 'episodes':
      return one ? vscode.l10n.t('1 episode') : vscode.l10n.t('{0} episodes', count);
  }
}

const SECTION_UNITS: Record<SectionId, Parameters<typeof countOf>[1]> = { liked: 'songs', playlists: 'playlists', albums: 'albums', artists: 'artists', shows: 'podcasts', episodes: 'episodes' };

/** A section root: its name, its count, and whether its list is loading or failed. */
export function sectionAccessibility(label: string, section: SectionId, entries: PagedList<unknown>): vscode.AccessibilityInformation {
  return rowAccessibility({
    kind: 'section',
    name: label,
    states: { loading: entries.isLoading, error: !!entries.error },
    details: [entries.total !== undefined ? countOf(entries.total, SECTION_UNITS[section]) : undefined],
  });
}
