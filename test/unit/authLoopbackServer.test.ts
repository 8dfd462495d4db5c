import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { escapeHtml, startLoopbackServer, type LoopbackServer } from '../../src/auth/loopbackServer';
import { SignInCancelledError, SignInError } from '../../src/auth/signInErrors';

const STATE = 'state-for-this-sign-in';

/** Settles within `ms` or reports that it is still pending. */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<{ value?: T; error?: unknown } | 'pending'> {
  return Promise.race([
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    new Promise<'pending'>((resolve) => setTimeout(() => resolve('pending'), ms)),
  ]);
}

async function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail(what);
}

describe('auth: loopback server', () => {
  let server: LoopbackServer | undefined;

  afterEach(() => {
    server?.close();
    server = undefined;
  });

  it('listens on 127.0.0.1 only, on a free port, at /callback', async () => {
    server = await startLoopbackServer({ port: 0, expectedState: STATE });
    assert.ok(server.port > 0);
    assert.equal(server.redirectUri, `http://127.0.0.1:${server.port}/callback`);
    const localAddresses = await new Promise<string[]>((resolve) => {
      // Connecting to another local address (e.g. 127.0.0.2) must fail if it listens on 127.0.0.1 only.
      const socket = net.connect(server!.port, '127.0.0.2');
      socket.once('connect', () => {
        socket.destroy();
        resolve(['127.0.0.2']);
      });
      socket.once('error', () => resolve([]));
    });
    assert.deepEqual(localAddresses, [], 'reachable on 127.0.0.2');
  });

  it('hands over the code of a valid callback and answers the tab after finish()', async () => {
    server = await startLoopbackServer({ port: 0, expectedState: STATE });
    const response = fetch(`${server.redirectUri}?code=the-code&state=${STATE}`);
    assert.equal(await server.authorizationCode, 'the-code');
    assert.equal(await settledWithin(response, 100), 'pending', 'the tab is answered only once the sign-in finished');
    server.finish({ ok: true, message: 'Signed in to Spotify as <Listener>.' });
    const page = await response;
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const body = await page.text();
    assert.ok(body.includes('Signed in to Spotify as &#60;Listener&#62;.'), body);
    assert.ok(!body.includes('<Listener>'));
    assert.match(body, /close this tab/);
    await eventually(async () => !(await isListening(server!.port)), 'still listening after success');
  });

  it('ignores a callback with the wrong or no state, and keeps waiting', async () => {
    server = await startLoopbackServer({ port: 0, expectedState: STATE });
    const wrong = await fetch(`${server.redirectUri}?code=stolen&state=someone-else`);
    assert.equal(wrong.status, 400);
    const missing = await fetch(`${server.redirectUri}?code=stolen`);
    assert.equal(missing.status, 400);
    assert.equal(await settledWithin(server.authorizationCode, 50), 'pending');
    const right = fetch(`${server.redirectUri}?code=real&state=${STATE}`);
    assert.equal(await server.authorizationCode, 'real');
    server.finish({ ok: true, message: 'ok' });
    assert.equal((await right).status, 200);
  });

  it('answers only requests addressed to the loopback address by number: another Host (DNS rebinding) gets 421 and ends nothing', async () => {
    server = await startLoopbackServer({ port: 0, expectedState: STATE });
    const port = server.port;
    const withHost = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.get({ host: '127.0.0.1', port, path: `/callback?code=stolen&state=${STATE}`, headers: { host } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        request.on('error', reject);
      });
    for (const host of [`evil.example:${port}`, `localhost.evil.example:${port}`, `127.0.0.1:${port + 1}`, 'evil.example', `127.0.0.1.nip.io:${port}`]) {
      assert.equal(await withHost(host), 421, host);
    }
    assert.equal(await settledWithin(server.authorizationCode, 50), 'pending', 'still waiting for the real callback');
    const right = withHost(`127.0.0.1:${port}`);
    assert.equal(await server.authorizationCode, 'stolen');
    server.finish({ ok: true, message: 'ok' });
    assert.equal(await right, 200);
  });

  it('answers 404 to other paths and methods without finishing', async () => {
    server = await startLoopbackServer({ port: 0, expectedState: STATE });
    const base = `http://127.0.0.1:${server.port}`;
    assert.equal((await fetch(`${base}/`)).status, 404);
    assert.equal((await fetch(`${base}/callback/extra?code=c&state=${STATE}`)).status, 404);
    assert.equal((await fetch(`${base}/favicon.ico`)).status, 404);
    assert.equal((await fetch(`${server.redirectUri}?code=c&state=${STATE}`, { method: 'POST' })).status, 404);
    assert.equal(await settledWithin(server.authorizationCode, 50), 'pending');
  });

  it('takes only the first valid callback', async () => {
    server = await startLoopbackServer({ port: 0, expectedState: STATE, finishTimeoutMs: 5_000 });
    const first = fetch(`${server.redirectUri}?code=first&state=${STATE}`);
    assert.equal(await server.authorizationCode, 'first');
    // The first tab is still held open, so the server still listens: the second must be refused.
    const second = await fetch(`${server.redirectUri}?code=second&state=${STATE}`);
    assert.equal(second.status, 400);
    assert.match(await second.text(), /already finished/);
    assert.equal(await server.authorizationCode, 'first');
    server.finish({ ok: true, message: 'ok' });
    await first;
    await eventually(async () => !(await isListening(server!.port)), 'still listening after finishing');
    const third = await settledWithin(fetch(`${server.redirectUri}?code=third&state=${STATE}`), 1000);
    assert.ok(third !== 'pending' && third.error !== undefined, 'a third callback after finishing must find no server');
  });

  it('rejects on ?error=access_denied with a page that says so, then stops', async () => {
    server = await startLoopbackServer({ port: 0, expectedState: STATE });
    const page = await fetch(`${server.redirectUri}?error=access_denied&state=${STATE}`);
    const outcome = await settledWithin(server.authorizationCode, 100);
    assert.ok(outcome !== 'pending' && outcome.error instanceof SignInError);
    assert.equal(outcome.error.reason, 'declined');
    assert.match(await page.text(), /declined/);
    await eventually(async () => !(await isListening(server!.port)), 'still listening after a decline');
  });

  it('escapes what it echoes into the page', async () => {
    server = await startLoopbackServer({ port: 0, expectedState: STATE });
    const evil = '<script>alert(1)</script>';
    const page = await fetch(`${server.redirectUri}?error=${encodeURIComponent(evil)}&state=${STATE}`);
    const body = await page.text();
    assert.ok(!body.includes('<script>'), body);
    assert.ok(body.includes('&#60;script&#62;'));
    assert.equal(escapeHtml(`"'&<>`), '&#34;&#39;&#38;&#60;&#62;');
  });

  it('times out: rejects naming the redirect URI to register, and stops listening', async () => {
    server = await startLoopbackServer({
      port: 0,
      expectedState: STATE,
      timeoutMs: 100,
      redirectUriToRegister: 'http://127.0.0.1/callback',
    });
    const outcome = await settledWithin(server.authorizationCode, 1000);
    assert.ok(outcome !== 'pending' && outcome.error instanceof SignInError);
    assert.equal(outcome.error.reason, 'timedOut');
    assert.match((outcome.error as Error).message, /http:\/\/127\.0\.0\.1\/callback/);
    await eventually(async () => !(await isListening(server!.port)), 'still listening after the timeout');
  });

  it('cancels on abort: rejects as cancelled and stops listening', async () => {
    const abort = new AbortController();
    server = await startLoopbackServer({ port: 0, expectedState: STATE, signal: abort.signal });
    assert.ok(await isListening(server.port));
    abort.abort();
    const outcome = await settledWithin(server.authorizationCode, 1000);
    assert.ok(outcome !== 'pending' && outcome.error instanceof SignInCancelledError);
    await eventually(async () => !(await isListening(server!.port)), 'still listening after cancel');
  });

  it('tells the held tab that the sign-in was stopped when VS Code gives up after the code', async () => {
    const abort = new AbortController();
    server = await startLoopbackServer({ port: 0, expectedState: STATE, signal: abort.signal });
    const page = fetch(`${server.redirectUri}?code=c&state=${STATE}`);
    await server.authorizationCode;
    abort.abort();
    assert.match(await (await page).text(), /stopped in VS Code/);
  });

  it('says which port is in use when the fixed redirect port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      await assert.rejects(startLoopbackServer({ port, expectedState: STATE }), (error: unknown) => {
        assert.ok(error instanceof SignInError);
        assert.equal(error.reason, 'portInUse');
        assert.ok(error.message.includes(`Port ${port}`));
        assert.match(error.message, /spotifyLibrary\.redirectPort/);
        assert.match(error.message, /to 0/);
        return true;
      });
    } finally {
      blocker.close();
    }
  });
});
