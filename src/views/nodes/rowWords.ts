import * as vscode from 'vscode';
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
      permission: vscode.l10n.t('permission needed'),
      error: vscode.l10n.t('error'),
    },
    states: {
      loading: vscode.l10n.t('loading'),
      error: vscode.l10n.t('could not load'),
      unavailable: vscode.l10n.t('unavailable'),
      local: vscode.l10n.t('local file'),
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
