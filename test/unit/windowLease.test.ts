import * as assert from 'node:assert/strict';
import { type LeaseStore, parseLeaseFile, WindowLease } from '../../src/common/windowLease';

/** One shared file, as global storage is for every window: reads and writes take a turn of the event loop. */
function sharedFile(initial?: string): LeaseStore & { text?: string } {
  const file: LeaseStore & { text?: string } = {
    text: initial,
    read: () => new Promise((resolve) => setImmediate(() => resolve(file.text))),
    write: (text) => new Promise((resolve) => setImmediate(() => ((file.text = text), resolve()))),
  };
  return file;
}

const HOUR = 3_600_000;
const daily = (now: number) => (lastRunAt: number | undefined) => lastRunAt === undefined || now - lastRunAt >= 24 * HOUR;

function windowOf(file: LeaseStore, owner: string, clock: { now: number }): WindowLease {
  return new WindowLease(file, { owner, ttlMs: HOUR, settleMs: 5, now: () => clock.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) });
}

describe('one window at a time (a lease in the shared global storage)', () => {
  it('two windows claiming at the same moment: exactly one holds it', async () => {
    for (let round = 0; round < 20; round++) {
      const file = sharedFile();
      const clock = { now: 1_000_000 };
      const outcomes = await Promise.all([windowOf(file, 'A', clock).claim(daily(clock.now)), windowOf(file, 'B', clock).claim(daily(clock.now))]);
      assert.equal(outcomes.filter((outcome) => outcome.kind === 'held').length, 1, JSON.stringify(outcomes));
    }
  });

  it('claims a moment apart: the second window backs off while the first holds it, and finds the work done after', async () => {
    const file = sharedFile();
    const clock = { now: 1_000_000 };
    const [a, b] = [windowOf(file, 'A', clock), windowOf(file, 'B', clock)];
    assert.equal((await a.claim(daily(clock.now))).kind, 'held');
    assert.equal((await b.claim(daily(clock.now))).kind, 'heldElsewhere');
    clock.now += 60_000;
    await a.finish();
    assert.equal((await b.claim(daily(clock.now))).kind, 'notDue');
    clock.now += 24 * HOUR;
    assert.equal((await b.claim(daily(clock.now))).kind, 'held', 'due again a day later, in any window');
  });

  it('a window that crashed holding the lease holds nothing once it expires', async () => {
    const file = sharedFile();
    const clock = { now: 1_000_000 };
    assert.equal((await windowOf(file, 'A', clock).claim(daily(clock.now))).kind, 'held');
    clock.now += HOUR + 1;
    assert.equal((await windowOf(file, 'B', clock).claim(daily(clock.now))).kind, 'held');
  });

  it('a run that failed lets go and keeps the last time the work ran', async () => {
    const file = sharedFile(JSON.stringify({ lastRunAt: 5 }));
    const clock = { now: 100 * HOUR };
    const a = windowOf(file, 'A', clock);
    assert.equal((await a.claim(daily(clock.now))).kind, 'held');
    await a.release();
    assert.deepEqual(parseLeaseFile(file.text), { lastRunAt: 5 });
    assert.equal((await windowOf(file, 'B', clock).claim(daily(clock.now))).kind, 'held');
  });

  it('a torn or foreign file claims nothing', () => {
    assert.deepEqual(parseLeaseFile('{"lease":{"owner":"A","until":'), {});
    assert.deepEqual(parseLeaseFile('[1,2]'), {});
    assert.deepEqual(parseLeaseFile(JSON.stringify({ lease: { owner: 7, until: 'x' }, lastRunAt: 9 })), { lastRunAt: 9 });
  });
});
