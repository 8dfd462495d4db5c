/**
 * The signed-in account as stored: JSON under one SecretStorage key, shared by every window.
 * Node-only; reading is defensive because another version of the extension may have written it.
 */

export interface StoredSession {
  id: string;
  account: { id: string; label: string };
  scopes: string[];
  accessToken: string;
  refreshToken?: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** The Client ID that issued the tokens: refreshing must use it, whatever the setting says now. */
  clientId: string;
}

export const SESSION_SECRET_KEY = 'spotifyLibrary.session';

export function serializeStoredSession(session: StoredSession): string {
  return JSON.stringify(session);
}

/** The stored session, or undefined when there is none or it cannot be read. */
export function parseStoredSession(text: string | undefined): StoredSession | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const account = record['account'] as Record<string, unknown> | undefined;
  const scopes = record['scopes'];
  if (
    typeof record['id'] !== 'string' ||
    typeof account?.['id'] !== 'string' ||
    typeof account['label'] !== 'string' ||
    !Array.isArray(scopes) ||
    !scopes.every((scope) => typeof scope === 'string') ||
    typeof record['accessToken'] !== 'string' ||
    typeof record['expiresAt'] !== 'number' ||
    typeof record['clientId'] !== 'string'
  ) {
    return undefined;
  }
  const refreshToken = record['refreshToken'];
  return {
    id: record['id'],
    account: { id: account['id'], label: account['label'] },
    scopes,
    accessToken: record['accessToken'],
    refreshToken: typeof refreshToken === 'string' && refreshToken ? refreshToken : undefined,
    expiresAt: record['expiresAt'],
    clientId: record['clientId'],
  };
}

/** Whether two stored values describe the same tokens (no event needed when they do). */
export function sameStoredSession(a: StoredSession | undefined, b: StoredSession | undefined): boolean {
  if (!a || !b) return a === b;
  return (
    a.id === b.id &&
    a.accessToken === b.accessToken &&
    a.refreshToken === b.refreshToken &&
    a.expiresAt === b.expiresAt &&
    a.account.label === b.account.label
  );
}
