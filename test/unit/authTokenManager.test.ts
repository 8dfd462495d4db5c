import * as assert from 'node:assert/strict';
import { BadResponseError, NetworkError, NotSignedInError, ServerError, SessionExpiredError } from '../../src/api/errors';
import type { StoredSession } from '../../src/auth/storedSession';
import { TokenManager, type SessionStore } from '../../src/auth/tokenManager';
import type { Logger } from '../../src/common/logger';
import { FAKE_CLIENT_ID, FAKE_SCOPES } from '../fake-spotify/fixtures';
import { startFakeSpotify, type FakeSpotify } from '../fake-spotify/server';

/** A SecretStorage stand-in: the session plus counts of what the manager did to it. */
class MemoryStore implements SessionStore {
  updates = 0;
  removals = 0;
  constructor(public session: StoredSession | undefined) {}
  async read() {
    return this.session;
  }
  async update(session: StoredSession) {
    this.updates++;
    this.session = session;
  }
  async removeIfUnchanged(failed: StoredSession) {
    if (this.session && (this.session.id !== failed.id || this.session.refreshToken !== failed.refreshToken)) return this.session;
    if (this.session) this.removals++;
    this.session = undefined;
    return undefined;
  }
}

/** Collects log lines, to check that no secret reaches them. */
function recordingLogger(lines: string[]): Logger {
  const record = (message: unknown, ...args: unknown[]) => {
    lines.push([message, ...args].map(String).join(' '));
  };
  return { trace: record, debug: record, info: record, warn: record, error: record };
}

describe('auth: token manager against the fake Spotify', function () {
  this.timeout(20_000);
  let fake: FakeSpotify;
  let logLines: string[];

  before(async () => {
    fake = await startFakeSpotify({ liked: 5, playlists: 1 });
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.state.reset({ revokeTokens: true });
    logLines = [];
  });
  afterEach(() => {
    // No access or refresh token ever reaches the log.
    const secrets = fake.state.tokens();
    for (const secret of [...secrets.accessTokens, ...secrets.refreshTokens, ...secrets.codes]) {
      assert.ok(!logLines.some((line) => line.includes(secret)), 'a secret reached the log');
    }
  });

  /** A session with tokens the fake really issued, as after a sign-in. */
  function signedInSession(overrides: Partial<StoredSession> = {}): StoredSession {
    const issued = fake.state.issueTokens(FAKE_SCOPES.join(' '), FAKE_CLIENT_ID);
    return {
      id: 'session-1',
      account: { id: 'fakeuser', label: 'Fake Listener' },
      scopes: [...FAKE_SCOPES],
      accessToken: issued.access_token,
      refreshToken: issued.refresh_token,
      expiresAt: Date.now() + issued.expires_in * 1000,
      clientId: FAKE_CLIENT_ID,
      ...overrides,
    };
  }

  function managerFor(store: SessionStore, options: { now?: () => number; onSessionEnded?: (e: SessionExpiredError) => void; fetch?: typeof fetch } = {}) {
    return new TokenManager({
      store,
      fetch: options.fetch ?? ((url, init) => fetch(url, init)),
      tokenUrl: () => `${fake.url}/api/token`,
      logger: recordingLogger(logLines),
      now: options.now,
      onSessionEnded: options.onSessionEnded,
    });
  }

  async function apiStatus(token: string): Promise<number> {
    const response = await fetch(`${fake.apiUrl}/me`, { headers: { Authorization: `Bearer ${token}` } });
    await response.body?.cancel();
    return response.status;
  }

  it('hands out the stored token without a request while it has more than a minute left', async () => {
    const session = signedInSession();
    const manager = managerFor(new MemoryStore(session));
    assert.equal(await manager.getAccessToken(), session.accessToken);
    assert.equal(fake.state.stats().tokenRequests, 0);
  });

  it('rejects with NotSignedInError when there is no session', async () => {
    const manager = managerFor(new MemoryStore(undefined));
    await assert.rejects(manager.getAccessToken(), NotSignedInError);
    await assert.rejects(manager.refreshAfterRejection('whatever'), NotSignedInError);
  });

  it('refreshes within the last minute before expiry (injected clock)', async () => {
    const session = signedInSession();
    let now = Date.now();
    const store = new MemoryStore(session);
    const manager = managerFor(store, { now: () => now });
    now = session.expiresAt - 61_000;
    assert.equal(await manager.getAccessToken(), session.accessToken);
    assert.equal(fake.state.stats().refreshRequests, 0);
    now = session.expiresAt - 59_000;
    const fresh = await manager.getAccessToken();
    assert.notEqual(fresh, session.accessToken);
    assert.equal(fake.state.stats().refreshRequests, 1);
    assert.equal(store.session?.expiresAt, now + 3600 * 1000);
  });

  it('makes exactly one token request for 10 concurrent callers after a 401', async () => {
    const session = signedInSession();
    const store = new MemoryStore(session);
    const manager = managerFor(store);
    fake.state.expireTokens();
    assert.equal(await apiStatus(session.accessToken), 401);

    const tokens = await Promise.all(Array.from({ length: 10 }, () => manager.refreshAfterRejection(session.accessToken)));
    assert.equal(fake.state.stats().refreshRequests, 1);
    assert.equal(new Set(tokens).size, 1, 'every caller gets the same new token');
    assert.notEqual(tokens[0], session.accessToken);
    assert.equal(store.updates, 1);
    assert.equal(await apiStatus(tokens[0]), 200);
  });

  it('makes exactly one token request for 10 concurrent callers of an expired token', async () => {
    const store = new MemoryStore(signedInSession({ expiresAt: Date.now() - 1000 }));
    const manager = managerFor(store);
    const tokens = await Promise.all(Array.from({ length: 10 }, () => manager.getAccessToken()));
    assert.equal(fake.state.stats().refreshRequests, 1);
    assert.equal(new Set(tokens).size, 1);
    // The flight is over: the next caller gets the stored token without a request.
    assert.equal(await manager.getAccessToken(), tokens[0]);
    assert.equal(fake.state.stats().refreshRequests, 1);
  });

  it('returns the current token at once when the rejected one was already replaced', async () => {
    const session = signedInSession();
    const store = new MemoryStore(session);
    const manager = managerFor(store);
    const fresh = await manager.refreshAfterRejection(session.accessToken);
    // A caller that was still holding the old token arrives late.
    assert.equal(await manager.refreshAfterRejection(session.accessToken), fresh);
    assert.equal(fake.state.stats().refreshRequests, 1);
  });

  it('keeps the old refresh token when the response omits it (refreshMode omit)', async () => {
    fake.state.configure({ refreshMode: 'omit' });
    const session = signedInSession();
    const store = new MemoryStore(session);
    const manager = managerFor(store);
    const first = await manager.refreshAfterRejection(session.accessToken);
    assert.equal(store.session?.refreshToken, session.refreshToken);
    // And it still works for the next refresh.
    const second = await manager.refreshAfterRejection(first);
    assert.notEqual(second, first);
    assert.equal(fake.state.stats().refreshRequests, 2);
  });

  it('stores a rotated refresh token (refreshMode rotate) and uses it next time', async () => {
    fake.state.configure({ refreshMode: 'rotate' });
    const session = signedInSession();
    const store = new MemoryStore(session);
    const manager = managerFor(store);
    const first = await manager.refreshAfterRejection(session.accessToken);
    const rotated = store.session?.refreshToken;
    assert.ok(rotated && rotated !== session.refreshToken, 'the new refresh token was stored');
    // The fake retired the old refresh token: a second refresh only works with the rotated one.
    const second = await manager.refreshAfterRejection(first);
    assert.equal(await apiStatus(second), 200);
    assert.notEqual(store.session?.refreshToken, rotated);
  });

  it('ends the session once on invalid_grant: removed once, one message, every caller told why', async () => {
    fake.state.configure({ refreshMode: 'invalid_grant' });
    const session = signedInSession();
    const store = new MemoryStore(session);
    const ended: SessionExpiredError[] = [];
    const manager = managerFor(store, { onSessionEnded: (error) => ended.push(error) });

    const results = await Promise.allSettled(Array.from({ length: 10 }, () => manager.refreshAfterRejection(session.accessToken)));
    for (const result of results) {
      assert.equal(result.status, 'rejected');
      assert.ok(result.status === 'rejected' && result.reason instanceof SessionExpiredError);
    }
    assert.equal(fake.state.stats().refreshRequests, 1, 'no retry loop');
    assert.equal(store.removals, 1);
    assert.equal(store.session, undefined);
    assert.equal(ended.length, 1);
    assert.match(ended[0].message, /six months/);
    assert.match(ended[0].message, /sign in again/);
    await assert.rejects(manager.getAccessToken(), NotSignedInError);
    assert.equal(fake.state.stats().refreshRequests, 1);
  });

  it('ends the session when the Client ID it was made with is gone (invalid_client)', async () => {
    const session = signedInSession();
    fake.state.configure({ registeredClientIds: ['ffffffffffffffffffffffffffffffff'] });
    const store = new MemoryStore(session);
    const manager = managerFor(store);
    await assert.rejects(manager.refreshAfterRejection(session.accessToken), (error: unknown) => {
      assert.ok(error instanceof SessionExpiredError);
      assert.match(error.message, /Client ID/);
      return true;
    });
    assert.equal(store.removals, 1);
  });

  it('refreshes with the session’s own Client ID, not today’s setting', async () => {
    const otherClientId = 'abcdefabcdefabcdefabcdefabcdefab';
    fake.state.configure({ registeredClientIds: [FAKE_CLIENT_ID, otherClientId] });
    const issued = fake.state.issueTokens(FAKE_SCOPES.join(' '), otherClientId);
    const store = new MemoryStore(
      signedInSession({ accessToken: issued.access_token, refreshToken: issued.refresh_token, clientId: otherClientId }),
    );
    const manager = managerFor(store);
    // The fake refuses a refresh token presented with a different client_id.
    const fresh = await manager.refreshAfterRejection(issued.access_token);
    assert.equal(await apiStatus(fresh), 200);
  });

  it('keeps the session when the token endpoint cannot be reached', async () => {
    const session = signedInSession();
    const store = new MemoryStore(session);
    const ended: unknown[] = [];
    fake.state.setFaults({ dropConnection: { count: 1, pathPrefix: '/api/token' } });
    const manager = managerFor(store, { onSessionEnded: (error) => ended.push(error) });
    await assert.rejects(manager.refreshAfterRejection(session.accessToken), NetworkError);
    assert.deepEqual(store.session, session, 'the session is untouched');
    assert.equal(store.removals, 0);
    assert.equal(ended.length, 0);
    // The next attempt (connection back) succeeds with the same refresh token.
    const fresh = await manager.refreshAfterRejection(session.accessToken);
    assert.equal(await apiStatus(fresh), 200);
  });

  it('keeps the session on a 5xx from the token endpoint', async () => {
    const session = signedInSession();
    const store = new MemoryStore(session);
    fake.state.setFaults({ serverErrors: { status: 503, count: 1, pathPrefix: '/api/token' } });
    const manager = managerFor(store);
    await assert.rejects(manager.refreshAfterRejection(session.accessToken), (error: unknown) => {
      assert.ok(error instanceof ServerError);
      assert.equal(error.status, 503);
      return true;
    });
    assert.equal(store.removals, 0);
    assert.equal(store.session?.refreshToken, session.refreshToken);
  });

  it('keeps the session on a malformed token response', async () => {
    const session = signedInSession();
    const store = new MemoryStore(session);
    fake.state.setFaults({ malformedJson: { count: 1, pathPrefix: '/api/token' } });
    const manager = managerFor(store);
    await assert.rejects(manager.refreshAfterRejection(session.accessToken), BadResponseError);
    assert.equal(store.removals, 0);
  });

  it('uses the refresh token another window rotated instead of signing out', async () => {
    fake.state.configure({ refreshMode: 'rotate' });
    const session = signedInSession();
    const store = new MemoryStore(session);
    // "Another window" refreshes first, retiring the refresh token this window holds in memory...
    const otherWindow = managerFor(new MemoryStore({ ...session }));
    await otherWindow.refreshAfterRejection(session.accessToken);
    const otherWindowRotated = fake.state.tokens().refreshTokens.at(-1)!;
    // ...and its write reaches our store only while our own refresh request is on its way.
    const manager = managerFor(store, {
      fetch: async (url, init) => {
        const response = await fetch(url, init);
        if (store.session?.refreshToken === session.refreshToken) {
          store.session = { ...session, refreshToken: otherWindowRotated };
        }
        return response;
      },
    });
    const fresh = await manager.refreshAfterRejection(session.accessToken);
    assert.equal(await apiStatus(fresh), 200);
    assert.equal(store.removals, 0);
  });

  it('drops a refresh that finishes after sign-out', async () => {
    const session = signedInSession();
    const store = new MemoryStore(session);
    const manager = managerFor(store, {
      fetch: async (url, init) => {
        store.session = undefined; // signed out while the request was on its way
        return fetch(url, init);
      },
    });
    await assert.rejects(manager.refreshAfterRejection(session.accessToken), NotSignedInError);
    assert.equal(store.session, undefined);
    assert.equal(store.updates, 0);
  });
});
