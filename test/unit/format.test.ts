import * as assert from 'node:assert/strict';
import { usableLocale } from '../../src/common/displayLocale';
import { escapeMarkdown, formatAge, formatCount, formatDate, formatDuration, formatReleaseDate, formatResume, formatYear, plainLabel, plural } from '../../src/views/format';

/** Runs `body` with the process in time zone `zone` (Node re-reads TZ when it is set). */
function inTimeZone(zone: string, body: () => void): void {
  const previous = process.env.TZ;
  process.env.TZ = zone;
  try {
    body();
  } finally {
    if (previous === undefined) delete process.env.TZ;
    else process.env.TZ = previous;
  }
}

describe('format', () => {
  it('escapes every Markdown and HTML character of untrusted text', () => {
    assert.equal(escapeMarkdown('**bold** [x](y) <img src=x>'), '\\*\\*bold\\*\\* \\[x\\]\\(y\\) \\<img src\\=x\\>');
    assert.equal(escapeMarkdown('a\nb'), 'a b');
    assert.equal(escapeMarkdown('夜に駆ける 🎧'), '夜に駆ける 🎧');
  });

  it('formats durations and ages as the tree shows them', () => {
    assert.equal(formatDuration(215_000), '3:35');
    assert.equal(formatDuration(3_725_000), '1:02:05');
    assert.equal(formatDuration(undefined), '');
    assert.equal(formatAge(0, 3 * 60_000, 'en'), '3 minutes ago');
    assert.equal(formatAge(0, 30_000, 'en'), 'just now');
  });

  it('truncates durations to the second, as Spotify\'s apps do', () => {
    assert.equal(formatDuration(59_999), '0:59');
    assert.equal(formatDuration(3_599_999), '59:59');
    assert.equal(formatDuration(999), '0:00');
    assert.equal(formatDuration(60_000), '1:00');
  });
});

describe('format in the display language', () => {
  it('writes counts with the locale\'s digit grouping', () => {
    assert.equal(formatCount(8213, 'en'), '8,213');
    assert.equal(formatCount(8213, 'de'), '8.213');
    assert.equal(formatCount(8213, 'fr'), '8\u202f213');
    assert.equal(formatCount(8213, 'hi'), '8,213');
    assert.equal(formatCount(1_234_567, 'hi'), '12,34,567');
    assert.equal(plural(8213, 'track', undefined, 'de'), '8.213 tracks');
  });

  it('writes a day as the locale does, never as ISO text', () => {
    const added = new Date(2024, 2, 3, 12, 0).toISOString(); // noon local time: 3 March wherever the tests run
    assert.equal(formatDate(added, 'en'), 'Mar 3, 2024');
    assert.equal(formatDate(added, 'en-GB'), '3 Mar 2024');
    assert.equal(formatDate(added, 'de'), '03.03.2024');
    assert.equal(formatDate(added, 'ja'), '2024/03/03');
    assert.equal(formatDate('not a date', 'en'), undefined);
  });

  it('writes the day a moment falls on in the user\'s time zone, and a bare date as that day everywhere', () => {
    const lateEvening = '2024-03-03T05:00:00Z'; // 2 March in Los Angeles, 3 March in Tokyo
    inTimeZone('America/Los_Angeles', () => {
      assert.equal(formatDate(lateEvening, 'en'), 'Mar 2, 2024');
      assert.equal(formatDate('2024-03-03', 'en'), 'Mar 3, 2024');
      assert.equal(formatReleaseDate('2024-03-03', 'en'), 'Mar 3, 2024');
    });
    inTimeZone('Asia/Tokyo', () => {
      assert.equal(formatDate(lateEvening, 'en'), 'Mar 3, 2024');
      assert.equal(formatDate('2024-03-03', 'en'), 'Mar 3, 2024');
    });
  });

  it('writes a release date at the precision Spotify gives', () => {
    assert.equal(formatReleaseDate('1999', 'de'), '1999');
    assert.equal(formatReleaseDate('2010-02', 'en'), 'Feb 2010');
    assert.equal(formatReleaseDate('2010-02', 'de'), 'Feb. 2010');
    assert.equal(formatReleaseDate('2010-02-05', 'de'), '05.02.2010');
    assert.equal(formatReleaseDate(undefined, 'de'), undefined);
    assert.equal(formatReleaseDate('0000', 'en'), undefined, 'an unknown date shows nothing');
    assert.equal(formatReleaseDate('0000-00-00', 'en'), undefined);
    assert.equal(formatYear('0000'), undefined);
    assert.equal(formatYear('1999-04'), '1999');
  });

  it('says how long ago in the locale\'s words', () => {
    const now = Date.UTC(2026, 10, 29, 12);
    assert.equal(formatAge(now - 3 * 60_000, now, 'de'), 'vor 3 Minuten');
    assert.equal(formatAge(now - 2 * 3_600_000, now, 'en'), '2 hours ago');
    assert.equal(formatAge(now - 2 * 3_600_000, now, 'es'), 'hace 2 horas');
    assert.equal(formatAge(now - 25 * 3_600_000, now, 'en'), 'yesterday');
    assert.equal(formatAge(now - 25 * 3_600_000, now, 'de'), 'gestern');
    assert.equal(formatAge(now - 3 * 86_400_000, now, 'fr'), 'il y a 3 jours');
  });

  it('writes the minutes left of an episode with the locale\'s unit', () => {
    assert.equal(formatResume(3_000_000, 754_000, false, 'en'), '38 min left');
    assert.match(formatResume(3_000_000, 754_000, false, 'de')!, /^38 Min\. /);
    assert.equal(formatResume(3_000_000, 754_000, true, 'de'), 'played');
  });

  it('takes VS Code\'s language ids and drops what Intl cannot use', () => {
    assert.equal(usableLocale('de'), 'de');
    assert.equal(usableLocale('zh-cn'), 'zh-CN');
    assert.equal(usableLocale('pt-br'), 'pt-BR');
    assert.equal(usableLocale('qps-ploc'), undefined); // VS Code's pseudo-locale
    assert.equal(usableLocale('not a tag'), undefined);
    assert.equal(usableLocale(undefined), undefined);
  });
});

describe('a quick pick row shows Spotify’s strings as they are', () => {
  it('keeps "$(name)" in a name from drawing an icon', () => {
    assert.equal(plainLabel('$(alert) Mix $(x'), '\\$(alert) Mix \\$(x');
    assert.equal(plainLabel('Plain $ money (live)'), 'Plain $ money (live)');
  });
});
