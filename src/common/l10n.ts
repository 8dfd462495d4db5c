/**
 * `l10n.t` for the modules that stay free of `vscode` (unit-tested in plain Node, shared with the
 * web build): it reads as `vscode.l10n.t`, so `npm run l10n` extracts these strings into the same
 * bundle, and answers in English with `{0}` filled until activate() hands in VS Code's translator.
 */

export type L10nArgument = string | number | boolean;
export type Translator = (message: string, ...args: L10nArgument[]) => string;

/** `{0}`, `{1}`... replaced by the arguments, as vscode.l10n.t does when no translation exists. */
export function fillPlaceholders(message: string, args: readonly L10nArgument[]): string {
  return message.replace(/\{(\d+)\}/g, (placeholder, index: string) => (Number(index) < args.length ? String(args[Number(index)]) : placeholder));
}

const english: Translator = (message, ...args) => fillPlaceholders(message, args);
let translator: Translator = english;

export const l10n = {
  t(message: string, ...args: L10nArgument[]): string {
    return translator(message, ...args);
  },
};

/** Routes `l10n.t` to `translate` (activate() passes vscode.l10n.t); the returned function restores the previous one. */
export function useTranslator(translate: Translator): () => void {
  const previous = translator;
  translator = translate;
  return () => {
    translator = previous;
  };
}
