import * as vscode from 'vscode';
import { setDisplayLocale } from './displayLocale';
import { useTranslator } from './l10n';

/**
 * Puts VS Code's language behind the modules that cannot import `vscode`: their `l10n.t` answers
 * from this extension's l10n bundle (vscode.l10n.t), and counts, dates and times are formatted for
 * VS Code's display language (`vscode.env.language`, which changes only with a reload).
 */
export function useVsCodeLanguage(): vscode.Disposable {
  // The one dynamic vscode.l10n.t call: every message reaching it is a literal at its own l10n.t call.
  const restoreTranslator = useTranslator((message, ...args) => vscode.l10n.t(message, ...args));
  setDisplayLocale(vscode.env.language);
  return new vscode.Disposable(() => {
    restoreTranslator();
    setDisplayLocale(undefined);
  });
}
