import * as assert from 'node:assert/strict';
import { SerialQueue } from '../../src/common/serialQueue';

describe('SerialQueue (session syncs in the view)', () => {
  it('runs a task queued after a failing one, and reports the failure', async () => {
    const reported: unknown[] = [];
    const ran: string[] = [];
    const queue = new SerialQueue((error) => reported.push(error));

    const failing = queue.run(async () => {
      ran.push('first');
      throw new Error('the cache could not be read');
    });
    const later = queue.run(async () => {
      ran.push('second');
    });

    await failing; // resolves: a failed sync is reported, not thrown at whoever waits on it
    await later;
    assert.deepEqual(ran, ['first', 'second']);
    assert.deepEqual(reported.map((error) => (error as Error).message), ['the cache could not be read']);
  });

  it('runs tasks one at a time, in the order they were queued', async () => {
    const events: string[] = [];
    const queue = new SerialQueue(() => undefined);
    const task = (name: string, ms: number) => async () => {
      events.push(`${name} start`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`${name} end`);
    };
    void queue.run(task('a', 30));
    void queue.run(task('b', 0));
    await queue.run(task('c', 10));
    assert.deepEqual(events, ['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('keeps going when the error report itself throws', async () => {
    const queue = new SerialQueue(() => {
      throw new Error('logger gone');
    });
    await queue.run(() => {
      throw new Error('sync failed');
    });
    let ran = false;
    await queue.run(() => {
      ran = true;
    });
    assert.equal(ran, true);
  });
});
