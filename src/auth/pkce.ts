import { createHash, randomBytes } from 'node:crypto';

/** Proof Key for Code Exchange (RFC 7636): the verifier stays here, only its S256 challenge travels. */
export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
}

/** base64url of 32 random bytes: 43 characters of [A-Za-z0-9_-], inside RFC 7636's 43-128. */
export function createCodeVerifier(): string {
  return randomBytes(32).toString('base64url');
}

export function codeChallengeFor(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export function createPkcePair(): PkcePair {
  const verifier = createCodeVerifier();
  return { verifier, challenge: codeChallengeFor(verifier) };
}

/** The `state` that ties the browser's redirect to the sign-in this window started. */
export function createState(): string {
  return randomBytes(16).toString('base64url');
}
