/**
 * Proof Key for Code Exchange (RFC 7636) and sign-in randomness, on Web Crypto (globalThis.crypto),
 * which both Node and the web worker extension host provide: the verifier stays here, only its
 * S256 challenge travels.
 */
export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
}

/** base64url of 32 random bytes: 43 characters of [A-Za-z0-9_-], inside RFC 7636's 43-128. */
export function createCodeVerifier(): string {
  return randomBase64Url(32);
}

export async function codeChallengeFor(verifier: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export async function createPkcePair(): Promise<PkcePair> {
  const verifier = createCodeVerifier();
  return { verifier, challenge: await codeChallengeFor(verifier) };
}

/** The `state` that ties the browser's redirect to the sign-in this window started. */
export function createState(): string {
  return randomBase64Url(16);
}

/** A random id (sessions): Web Crypto's UUID v4. */
export function randomId(): string {
  return globalThis.crypto.randomUUID();
}

export function randomBase64Url(byteCount: number): string {
  return base64Url(globalThis.crypto.getRandomValues(new Uint8Array(byteCount)));
}

/** RFC 4648 §5 without padding; btoa exists in Node and in the browser, Buffer only in Node. */
export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
