/**
 * The locale counts, dates and times are formatted for: VS Code's display language
 * (`vscode.env.language`), handed in by activate(). Kept free of `vscode` so the formatting stays
 * pure; undefined means the runtime's default (plain Node in unit tests).
 */
let current: string | undefined;

export function displayLocale(): string | undefined {
  return current;
}

/**
 * Sets the formatting locale; a tag Intl cannot use (VS Code's pseudo-locale `qps-ploc`, say)
 * falls back to the runtime's default rather than throwing in every formatter.
 */
export function setDisplayLocale(locale: string | undefined): void {
  current = usableLocale(locale);
}

export function usableLocale(locale: string | undefined): string | undefined {
  if (!locale) return undefined;
  try {
    return Intl.NumberFormat.supportedLocalesOf([locale])[0];
  } catch {
    return undefined; // not a well-formed language tag
  }
}
