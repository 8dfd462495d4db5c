import * as assert from 'node:assert/strict';
import { NotSignedInError, SessionExpiredError } from '../../src/api/errors';
import { SessionStorage, type SessionChange } from '../../src/auth/sessionStorage';
import { SESSION_SECRET_KEY, type StoredSession } from '../../src/auth/storedSession';
import { TokenManager } from '../../src/auth/tokenManager';
import type { Logger } from '../../src/common/logger';
import { FAKE_CLIENT_ID, FAKE_SCOPES } from '../fake-spotify/fixtures';
import { startFakeSpotify, type FakeSpotify } from '../fake-spotify/server';
import { SharedSecrets } from './support/memorySecretStorage';

function recordingLogger(lines: string[]): Logger {
  const record = (message: unknown, ...args: unknown[]) => lines.push([message, ...args].map(String).join(' '));
  return { trace: record, debug: record, info: record, warn: record, error: record };
}

describe('auth: session storage shared by windows', function () {
  this.timeout(20_000);
  let fake: FakeSpotify;
  let secrets: SharedSecrets;
  let logLines: string[];
  const disposables: Array<{ dispose(): void }> = [];

  before(async () => {
    fake = await startFakeSpotify({ liked: 5, playlists: 1 });
  });
  after(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.state.reset({ revokeTokens: true });
    secrets = new SharedSecrets();
    logLines = [];
  });
  afterEach(() => {
    for (const disposable of disposables.splice(0)) disposable.dispose();
    const issued = fake.state.tokens();
    for (const secret of [...issued.accessTokens, ...issued.refreshTokens]) {
      assert.ok(!logLines.some((line) => line.includes(secret)), 'a secret reached the log');
    }
  });

  function issuedSession(): StoredSession {
    const issued = fake.state.issueTokens(FAKE_SCOPES.join(' '), FAKE_CLIENT_ID);
    return {
      id: 'session-1',
      account: { id: 'fakeuser', label: 'Fake Listener' },
      scopes: [...FAKE_SCOPES],
      accessToken: issued.access_token,
      refreshToken: issued.refresh_token,
      expiresAt: Date.now() + issued.expires_in * 1000,
      clientId: FAKE_CLIENT_ID,
    };
  }

  /** One VS Code window: its SessionStorage over the shared secrets, its token manager, what it heard. */
  function openWindow() {
    const storage = new SessionStorage(secrets.window(), recordingLogger(logLines));
    disposables.push(storage);
    const changes: SessionChange[] = [];
    disposables.push(storage.onDidChange((change) => changes.push(change)));
    const ended: SessionExpiredError[] = [];
    const tokens = new TokenManager({
      store: storage,
      fetch: (url, init) => fetch(url, init),
      tokenUrl: () => `${fake.url}/api/token`,
      logger: recordingLogger(logLines),
      onSessionEnded: (error) => ended.push(error),
    });
    return { storage, tokens, changes, ended };
  }

  function stored(): StoredSession | undefined {
    const text = secrets.values.get(SESSION_SECRET_KEY);
    return text ? (JSON.parse(text) as StoredSession) : undefined;
  }

  async function apiStatus(token: string): Promise<number> {
    const response = await fetch(`${fake.apiUrl}/me`, { headers: { Authorization: `Bearer ${token}` } });
    await response.body?.cancel();
    return response.status;
  }

  it('tells the other window about a sign-in and a sign-out, once its change event arrives', async () => {
    const a = openWindow();
    const b = openWindow();
    const session = issuedSession();
    await a.storage.store(session);
    assert.equal((await a.storage.read())?.id, session.id);
    assert.equal(await b.storage.read(), undefined, 'the event has not arrived yet');
    await secrets.settled();
    assert.ok((await b.storage.read())?.accessToken === session.accessToken);
    assert.deepEqual(b.changes.map((change) => [change.previous?.id, change.next?.id]), [[undefined, session.id]]);
    assert.equal(a.changes.length, 1, 'its own write is announced once, its change event is no news');

    await b.storage.remove(session.id);
    await secrets.settled();
    assert.equal(await a.storage.read(), undefined);
    assert.equal(stored(), undefined);
  });

  for (const refreshMode of ['rotate', 'omit'] as const) {
    it(`keeps the session when the other window refreshed first (refreshMode ${refreshMode})`, async () => {
      fake.state.configure({ refreshMode });
      secrets.eventDelayMs = 300; // B refreshes before it hears of A's refresh
      const session = issuedSession();
      const a = openWindow();
      const b = openWindow();
      await a.storage.store(session);
      await secrets.settled();
      assert.ok((await b.storage.read())?.refreshToken === session.refreshToken);

      const fromA = await a.tokens.refreshAfterRejection(session.accessToken);
      const fromB = await b.tokens.refreshAfterRejection(session.accessToken);
      assert.equal(await apiStatus(fromA), 200);
      assert.equal(await apiStatus(fromB), 200);
      assert.deepEqual(b.ended, [], 'window B did not end the session');
      assert.deepEqual(a.ended, []);
      await secrets.settled();
      const kept = stored();
      assert.ok(kept, 'the session is still stored');
      assert.ok((await a.storage.read())?.refreshToken === kept.refreshToken, 'window A holds the stored refresh token');
      assert.ok((await b.storage.read())?.refreshToken === kept.refreshToken, 'window B holds the stored refresh token');
      // The stored refresh token is the live one: both windows can refresh again.
      assert.equal(await apiStatus(await a.tokens.refreshAfterRejection(fromA)), 200);
      await secrets.settled();
      assert.equal(await apiStatus(await b.tokens.refreshAfterRejection(fromB)), 200);
      assert.ok(stored());
    });
  }

  it('two windows refreshing together stay signed in when the first one\'s keychain write is slow (Spotify rotates the refresh token)', async () => {
    fake.state.configure({ refreshMode: 'rotate' });
    const session = issuedSession();
    const a = openWindow();
    const b = openWindow();
    await a.storage.store(session);
    await secrets.settled();
    secrets.writeDelayMs = 150;
    const refreshesBefore = fake.state.stats().refreshRequests;
    const fromA = a.tokens.refreshAfterRejection(session.accessToken);
    // B asks Spotify with the old refresh token after A's rotation, while A's write is still under way.
    while (fake.state.stats().refreshRequests === refreshesBefore) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const fromB = b.tokens.refreshAfterRejection(session.accessToken);
    const [tokenA, tokenB] = await Promise.all([fromA, fromB]);

    assert.deepEqual(b.ended, [], 'window B did not end the session');
    assert.deepEqual(a.ended, []);
    assert.equal(await apiStatus(tokenA), 200);
    assert.equal(await apiStatus(tokenB), 200);
    await secrets.settled();
    assert.ok(stored(), 'the session is still stored');
    assert.deepEqual(b.changes.filter((change) => !change.next), [], 'B never saw the session go');
  });

  it('ends the session in both windows when Spotify refuses the stored refresh token', async () => {
    const session = issuedSession();
    const a = openWindow();
    const b = openWindow();
    await a.storage.store(session);
    await secrets.settled();
    fake.state.configure({ refreshMode: 'invalid_grant' });
    await assert.rejects(b.tokens.refreshAfterRejection(session.accessToken), SessionExpiredError);
    assert.equal(stored(), undefined, 'deleted: it still held the refresh token that failed');
    assert.equal(b.ended.length, 1);
    await secrets.settled();
    await assert.rejects(a.tokens.getAccessToken(), NotSignedInError);
    assert.equal(a.ended.length, 0, 'one message, from the window that found out');
  });

  it('a sign-in whose write fails leaves the window signed out, with nothing announced', async () => {
    const a = openWindow();
    secrets.failNextWrites = 1;
    await assert.rejects(a.storage.store(issuedSession()), /keychain is locked/);
    assert.equal(await a.storage.read(), undefined);
    assert.deepEqual(a.changes, []);
    assert.equal(stored(), undefined);
  });

  it('a refresh whose write fails keeps the new tokens in this window, and saves them next time (refreshMode rotate)', async () => {
    fake.state.configure({ refreshMode: 'rotate' });
    const session = issuedSession();
    const a = openWindow();
    await a.storage.store(session);
    secrets.failNextWrites = 1;
    const fresh = await a.tokens.refreshAfterRejection(session.accessToken);
    assert.equal(await apiStatus(fresh), 200);
    await secrets.settled(); // the late change event of the sign-in's write must not bring back the old tokens
    assert.ok((await a.storage.read())?.accessToken === fresh, 'kept in memory');
    assert.ok(stored()?.refreshToken === session.refreshToken, 'not saved');
    assert.ok(logLines.some((line) => /could not be saved/.test(line)), logLines.join('\n'));
    // Spotify retired the old refresh token: only the kept one works, and it is saved this time.
    const next = await a.tokens.refreshAfterRejection(fresh);
    assert.equal(await apiStatus(next), 200);
    assert.ok(stored()?.accessToken === next, 'saved');
    assert.deepEqual(a.ended, []);
  });
});
