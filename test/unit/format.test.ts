import * as assert from 'node:assert/strict';
import { escapeMarkdown, formatAge, formatDuration } from '../../src/views/format';

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
    assert.equal(formatAge(0, 3 * 60_000), '3 min ago');
    assert.equal(formatAge(0, 30_000), 'just now');
  });

  it('truncates durations to the second, as Spotify\'s apps do', () => {
    assert.equal(formatDuration(59_999), '0:59');
    assert.equal(formatDuration(3_599_999), '59:59');
    assert.equal(formatDuration(999), '0:00');
    assert.equal(formatDuration(60_000), '1:00');
  });
});
