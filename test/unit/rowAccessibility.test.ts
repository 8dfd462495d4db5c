import * as assert from 'node:assert/strict';
import { ENGLISH_ROW_WORDS, ROW_ROLE, ROW_STATES, type RowKind, accessibilityInformationOf, rowAccessibilityLabel } from '../../src/views/nodes/rowAccessibility';

describe('row accessibility labels', () => {
  it('says the name, the kind, the states in words, then the details', () => {
    assert.equal(
      rowAccessibilityLabel({ kind: 'track', name: 'Golden Heart', states: { unavailable: true }, details: ['Ava Stone', '3:12'] }),
      'Golden Heart, song, unavailable, Ava Stone, 3:12',
    );
    assert.equal(rowAccessibilityLabel({ kind: 'playlist', name: 'Road Trip', states: { collaborative: true }, details: ['120 tracks', 'by Collab Friend'] }), 'Road Trip, playlist, collaborative, 120 tracks, by Collab Friend');
    assert.equal(rowAccessibilityLabel({ kind: 'section', name: 'Liked Songs', states: { loading: true }, details: ['2,000 songs'] }), 'Liked Songs, library section, loading, 2,000 songs');
  });

  it('takes liked as an input and says it only when true', () => {
    assert.equal(rowAccessibilityLabel({ kind: 'track', name: 'A', states: { liked: true } }), 'A, song, liked');
    assert.equal(rowAccessibilityLabel({ kind: 'track', name: 'A', states: { liked: false } }), 'A, song');
    assert.equal(rowAccessibilityLabel({ kind: 'track', name: 'A' }), 'A, song');
  });

  it('says states in one order whatever order they are given in', () => {
    const label = rowAccessibilityLabel({ kind: 'track', name: 'A', states: { liked: true, explicit: true, unavailable: true, loading: true } });
    assert.equal(label, 'A, song, loading, unavailable, explicit, liked');
  });

  it('leaves out empty parts and words the kind already said', () => {
    assert.equal(rowAccessibilityLabel({ kind: 'localFile', name: 'Demo', states: { local: true }, details: [undefined, '', 'Me'] }), 'Demo, local file, Me');
    assert.equal(rowAccessibilityLabel({ kind: 'error', name: 'Could not load', states: { error: true }, details: ['Retry'] }), 'Could not load, error, Retry');
  });

  it('speaks untrusted names as one line, whatever they carry', () => {
    assert.equal(rowAccessibilityLabel({ kind: 'album', name: '  Night\n\nDrive\t ', details: ['Ava\nStone'] }), 'Night Drive, album, Ava Stone');
    // Markup stays as text: a label is spoken, never rendered.
    assert.equal(rowAccessibilityLabel({ kind: 'track', name: '**bold** <img src=x>' }), '**bold** <img src=x>, song');
  });

  it('has a word for every kind and every state, and the tree item role', () => {
    const kinds: RowKind[] = ['section', 'playlist', 'album', 'artist', 'show', 'episode', 'track', 'localFile', 'removed', 'loadMore', 'notice', 'permission', 'error'];
    for (const kind of kinds) assert.ok(ENGLISH_ROW_WORDS.kinds[kind].length > 0, kind);
    for (const state of ROW_STATES) assert.ok(ENGLISH_ROW_WORDS.states[state].length > 0, state);
    assert.deepEqual(accessibilityInformationOf({ kind: 'show', name: 'Signal' }), { label: 'Signal, podcast', role: ROW_ROLE });
    assert.equal(ROW_ROLE, 'treeitem');
  });

  it('uses the words it is given (the nodes pass localised ones)', () => {
    const words = { kinds: { ...ENGLISH_ROW_WORDS.kinds, track: 'chanson' }, states: { ...ENGLISH_ROW_WORDS.states, liked: 'aimée' } };
    assert.equal(rowAccessibilityLabel({ kind: 'track', name: 'A', states: { liked: true } }, words), 'A, chanson, aimée');
  });
});
