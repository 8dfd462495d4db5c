import * as assert from 'node:assert/strict';
import { CatalogSearch, hasMore, parseSearchQuery, SEARCH_KINDS, type SearchKind, type SearchPages, searchedValues } from '../../src/library/catalogSearch';

function countingSource(fail?: (call: number) => boolean) {
  const calls: Array<{ query: string; kinds: string; offset: number; limit: number }> = [];
  return {
    calls,
    search: async (query: string, kinds: readonly SearchKind[], offset: number, limit: number): Promise<SearchPages> => {
      calls.push({ query, kinds: kinds.join(','), offset, limit });
      if (fail?.(calls.length)) throw new Error('429');
      return { track: { items: [], total: 42, offset } };
    },
  };
}

describe('Search Spotify: what a query costs', () => {
  it('asks once for every kind, 10 a page; the same query again (other case, other spaces) costs nothing', async () => {
    const source = countingSource();
    const search = new CatalogSearch(source);
    await search.first(parseSearchQuery('zephyr  quartet'));
    await search.first(parseSearchQuery(' Zephyr Quartet '));
    assert.deepEqual(source.calls, [{ query: 'zephyr quartet', kinds: SEARCH_KINDS.join(','), offset: 0, limit: 10 }]);
  });

  it('pages one kind on with offsets 10, 20; a page asked again costs nothing', async () => {
    const source = countingSource();
    const search = new CatalogSearch(source);
    const query = parseSearchQuery('zephyr');
    await search.first(query);
    await search.more(query, 'track', 10);
    await search.more(query, 'track', 20);
    await search.more(query, 'track', 10);
    assert.deepEqual(source.calls.map((call) => `${call.kinds}@${call.offset}`), [`${SEARCH_KINDS.join(',')}@0`, 'track@10', 'track@20']);
  });

  it('a failed search is asked again the next time', async () => {
    const source = countingSource((call) => call === 1);
    const search = new CatalogSearch(source);
    await assert.rejects(search.first(parseSearchQuery('x')));
    await search.first(parseSearchQuery('x'));
    assert.equal(source.calls.length, 2);
  });

  it('a prefix picks one kind, in any case; other words with a colon stay the query', () => {
    assert.deepEqual(parseSearchQuery('Album: Blue Train'), { text: 'Blue Train', kinds: ['album'] });
    assert.deepEqual(parseSearchQuery('podcast:history'), { text: 'history', kinds: ['show'] });
    assert.deepEqual(parseSearchQuery('song: x'), { text: 'x', kinds: ['track'] });
    assert.deepEqual(parseSearchQuery('lied: x', { lied: 'track' }), { text: 'x', kinds: ['track'] });
    assert.deepEqual(parseSearchQuery('Part 2: The End'), { text: 'Part 2: The End', kinds: SEARCH_KINDS });
    assert.deepEqual(parseSearchQuery('re: mix'), { text: 're: mix', kinds: SEARCH_KINDS });
  });

  it('has more while the next offset is below the total and within Spotify’s 1,000', () => {
    assert.equal(hasMore({ items: [], total: 42, offset: 0 }, 10), true);
    assert.equal(hasMore({ items: [], total: 42, offset: 40 }, 50), false);
    assert.equal(hasMore({ items: [], total: 5000, offset: 1000 }, 1010), false);
    assert.equal(hasMore(undefined, 0), false);
  });
});

describe('Search Spotify: a typing pause', () => {
  it('asks for each value that stood a pause, and the last; never for the keystrokes between', () => {
    const typed = (steps: Array<[string, number]>) => steps.map(([value, atMs]) => ({ value, atMs }));
    assert.deepEqual(searchedValues(typed([['z', 0], ['ze', 120], ['zep', 240], ['zeph', 360], ['zephy', 1200], ['zephyr', 1300]]), 400), ['zeph', 'zephyr']);
    assert.deepEqual(searchedValues(typed([['a', 0]]), 400), ['a']);
    assert.deepEqual(searchedValues([], 400), []);
  });
});
