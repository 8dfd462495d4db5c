import * as assert from 'node:assert/strict';
import { BudgetModel, DEFAULT_BUDGET_MODEL } from '../../test/fake-spotify/budget';
import { FAKE_CLIENT_ID } from '../../test/fake-spotify/fixtures';
import { type FakeSpotify, startFakeSpotify } from '../../test/fake-spotify/server';
import { control } from './support/fakeSession';

const T0 = 1_000_000;

function modelOn(patch: Partial<typeof DEFAULT_BUDGET_MODEL> = {}): BudgetModel {
  const model = new BudgetModel();
  model.configure({ enabled: true, requests: 3, windowMs: 1_000, ...patch });
  return model;
}

describe('Fake Spotify: the request budget model', () => {
  it('is off by default: every request is answered', () => {
    const model = new BudgetModel();
    assert.equal(model.config().enabled, false);
    for (let i = 0; i < 1_000; i++) assert.deepEqual(model.admit('app', T0), { ok: true });
  });

  it('answers the budget per rolling window, then 429 with the seconds until a slot frees', () => {
    const model = modelOn();
    assert.ok(model.admit('app', T0).ok);
    assert.ok(model.admit('app', T0 + 400).ok);
    assert.ok(model.admit('app', T0 + 800).ok);
    assert.deepEqual(model.admit('app', T0 + 900), { ok: false, retryAfterSeconds: 1 });
    assert.ok(model.admit('app', T0 + 1_000).ok, 'the first request left the window');
    assert.deepEqual(model.admit('app', T0 + 1_100), { ok: false, retryAfterSeconds: 1 });
    assert.equal(model.stats().rateLimited, 2);
  });

  it('keeps one budget per Client ID', () => {
    const model = modelOn();
    for (let i = 0; i < 3; i++) assert.ok(model.admit('app-a', T0).ok);
    assert.equal(model.admit('app-a', T0).ok, false);
    assert.ok(model.admit('app-b', T0).ok, 'another app has its own budget');
  });

  it('escalates repeated violations: short, then minutes, then hours', () => {
    const model = modelOn({ windowMs: 10_000, minutesAfterViolations: 3, hoursAfterViolations: 6, minutesRetryAfterSeconds: 600, hoursRetryAfterSeconds: 14_400 });
    for (let i = 0; i < 3; i++) model.admit('app', T0);
    const waits: number[] = [];
    let at = T0;
    for (let violation = 1; violation <= 6; violation++) {
      at += 1_000; // each after a pause: not part of one burst
      const verdict = model.admit('app', at);
      assert.equal(verdict.ok, false);
      if (!verdict.ok) waits.push(verdict.retryAfterSeconds);
    }
    assert.deepEqual(waits.slice(0, 2), [9, 8], 'first violations: short, until the window has room');
    assert.equal(waits[2], 600, 'third: minutes');
    assert.ok(waits[3] <= 600 && waits[3] >= 598, 'inside the penalty: what is left of it');
    assert.equal(waits[5], 14_400, 'sixth: hours');
    assert.equal(model.stats().escalations, 2);
    assert.equal(model.stats().longestRetryAfterSeconds, 14_400);
  });

  it('counts a burst of 429s (requests already on the wire) as one violation', () => {
    const model = modelOn({ minutesAfterViolations: 2 });
    for (let i = 0; i < 3; i++) model.admit('app', T0);
    for (let i = 0; i < 4; i++) assert.deepEqual(model.admit('app', T0 + i * 10), { ok: false, retryAfterSeconds: 1 });
    assert.equal(model.clients(T0 + 50)[0].violations, 1);
    assert.equal(model.stats().escalations, 0);
  });
});

describe('Fake Spotify: the budget model over HTTP', () => {
  let fake: FakeSpotify;
  before(async () => {
    fake = await startFakeSpotify({ liked: 200, playlists: 2 });
  });
  after(() => fake.close());

  const get = (token: string) => fetch(`${fake.apiUrl}/me/tracks?limit=1`, { headers: { Authorization: `Bearer ${token}` } });

  it('answers 429 with Retry-After past the budget, per Client ID, and reports it in /__fake/budget and /__fake/stats', async () => {
    await control(fake.url, '/__fake/config', { registeredClientIds: [FAKE_CLIENT_ID, 'other-app'] });
    const mine = fake.state.issueTokens().access_token;
    const other = fake.state.issueTokens(undefined, 'other-app').access_token;
    const configured = (await control(fake.url, '/__fake/budget', { enabled: true, requests: 3, windowMs: 60_000 })) as { config: { enabled: boolean; requests: number } };
    assert.equal(configured.config.requests, 3);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get(mine)).status);
    assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
    const refused = await get(mine);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) >= 1);
    assert.equal((await get(other)).status, 200, 'the other app has its own budget');
    const budget = (await control(fake.url, '/__fake/budget')) as { stats: { rateLimited: number }; clients: Array<{ clientId: string; inWindow: number }> };
    assert.equal(budget.stats.rateLimited, 3);
    assert.deepEqual(budget.clients.map((c) => [c.clientId, c.inWindow]), [[FAKE_CLIENT_ID, 3], ['other-app', 1]]);
    assert.equal(((await control(fake.url, '/__fake/stats')) as { budget: { rateLimited: number } }).budget.rateLimited, 3);
    await control(fake.url, '/__fake/budget/clear', {});
    assert.equal((await get(mine)).status, 200, 'cleared: a fresh window');
    await assert.rejects(control(fake.url, '/__fake/budget', { requests: 'many' }), /requests must be a number/);
    await control(fake.url, '/__fake/reset', {});
    assert.equal(((await control(fake.url, '/__fake/budget')) as { config: { enabled: boolean } }).config.enabled, false, 'reset turns the model off');
  });
});
