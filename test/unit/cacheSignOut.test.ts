import * as assert from 'node:assert/strict';
import type { CachedLibrary, LibraryCacheStore } from '../../src/library/libraryModel';
import { type CacheFiles, fileFor, MarkedCacheStore } from '../../src/library/markedCacheStore';

type Operation = 'read' | 'write' | 'rename' | 'remove';

/**
 * One global storage folder in memory, shared by the stores of several windows. `pause` holds the
 * next matching operation of one window (after it took effect, for reads before it answers) until
 * the test lets it go, so another window's sign-out can land exactly there.
 */
class SharedFolder {
  readonly files = new Map<string, Uint8Array>();
  #pauses: Array<{ window: string; op: Operation; name: (name: string) => boolean; reached: () => void; resume: Promise<void> }> = [];

  /** Resolves once `window` reaches the operation; call the returned function to let it go on. */
  pause(window: string, op: Operation, name: (name: string) => boolean): { reached: Promise<void>; resume: () => void } {
    let resume!: () => void;
    let reached!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const resumePromise = new Promise<void>((resolve) => (resume = resolve));
    this.#pauses.push({ window, op, name, reached, resume: resumePromise });
    return { reached: reachedPromise, resume };
  }

  for(window: string): CacheFiles {
    const hold = async (op: Operation, name: string) => {
      const index = this.#pauses.findIndex((pause) => pause.window === window && pause.op === op && pause.name(name));
      if (index < 0) return;
      const [pause] = this.#pauses.splice(index, 1);
      pause.reached();
      await pause.resume;
    };
    return {
      read: async (name) => {
        const bytes = this.files.get(name);
        await hold('read', name);
        return bytes;
      },
      write: async (name, bytes) => {
        await hold('write', name); // a slow disk: the bytes land when the write is let go
        this.files.set(name, bytes);
      },
      rename: async (from, to) => {
        await hold('rename', from);
        const bytes = this.files.get(from);
        if (!bytes) throw new Error(`no ${from}`);
        this.files.delete(from);
        this.files.set(to, bytes);
      },
      remove: async (name) => {
        await hold('remove', name);
        this.files.delete(name);
      },
      modifiedAt: async () => undefined,
    };
  }

  /** The account's library and any temp file of it: what a restart could read back. */
  libraryFiles(accountId: string): string[] {
    return [...this.files.keys()].filter((name) => name.startsWith(fileFor(accountId)));
  }
}

const library = (savedAt: number): CachedLibrary => ({ version: 1, savedAt, liked: { items: [], total: 0 } });
const isTemp = (name: string) => name.endsWith('.tmp');
const isMarker = (name: string) => name.endsWith('.signed-out');

/** Two windows signed in to the same account, over one folder; B opened it at `openedAt`. */
function twoWindows() {
  const folder = new SharedFolder();
  let clock = 1_000;
  const now = () => clock++;
  const windowA: LibraryCacheStore = new MarkedCacheStore(folder.for('A'), now);
  const windowB: LibraryCacheStore = new MarkedCacheStore(folder.for('B'), now);
  const openedAt = now();
  return { folder, windowA, windowB, openedAt };
}

describe('Library cache: the sign-out marker wins over any save in flight', () => {
  // Each place a slow save of window B can be at when window A signs out.
  const moments: Array<[string, Operation, (name: string) => boolean]> = [
    ['while its temp file is written (a slow disk)', 'write', isTemp],
    ['between its temp file and the rename', 'rename', isTemp],
    ['after its rename found no marker, before it went on', 'read', isMarker],
  ];
  for (const [moment, op, name] of moments) {
    it(`a save that started before the sign-out, signed out ${moment}: nothing on disk, and nothing brings it back`, async () => {
      const { folder, windowA, windowB, openedAt } = twoWindows();
      await windowB.save('fakeuser', library(1), openedAt);
      assert.deepEqual(folder.libraryFiles('fakeuser'), [fileFor('fakeuser')], 'the library was cached');

      // The third read of the marker is the one after the rename (before the write, after it, after the rename).
      let reads = 0;
      const pause = folder.pause('B', op, op === 'read' ? (n) => isMarker(n) && ++reads === 3 : name);
      const saving = windowB.save('fakeuser', library(2), openedAt);
      await pause.reached;
      await windowA.delete('fakeuser'); // window A signs out
      pause.resume();
      await saving;
      assert.deepEqual(folder.libraryFiles('fakeuser'), [], 'the signed-out library is not on disk');

      // Window B hears of the sign-out only later: its next saves (a timer, closing) come first.
      await windowB.save('fakeuser', library(3), openedAt);
      await windowB.save('fakeuser', library(4), openedAt);
      assert.deepEqual(folder.libraryFiles('fakeuser'), [], 'nothing wrote it back');
    });
  }

  it('a window that opened the account after the sign-out (signed in again) caches it again', async () => {
    const { folder, windowA, windowB, openedAt } = twoWindows();
    await windowB.save('fakeuser', library(1), openedAt);
    await windowA.delete('fakeuser');
    await windowA.save('fakeuser', library(2), Number.MAX_SAFE_INTEGER); // opened after the marker
    assert.deepEqual(folder.libraryFiles('fakeuser'), [fileFor('fakeuser')]);
    await windowB.save('fakeuser', library(3), openedAt); // the old window still writes nothing
    assert.equal((JSON.parse(new TextDecoder().decode(folder.files.get(fileFor('fakeuser')))) as CachedLibrary).savedAt, 2);
  });
});
