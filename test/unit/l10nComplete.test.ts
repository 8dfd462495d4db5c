import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8')) as Record<string, string>;
const placeholders = (message: string) => [...new Set(message.match(/\{\d+\}/g) ?? [])].sort();

/** Each English file with its German translation: German is shipped complete, not partly English. */
const pairs = [
  { english: 'l10n/bundle.l10n.json', german: 'l10n/bundle.l10n.de.json' },
  { english: 'package.nls.json', german: 'package.nls.de.json' },
];

describe('German translation is complete', () => {
  for (const { english, german } of pairs) {
    it(`${german} translates every key of ${english}`, () => {
      const en = readJson(english);
      const de = readJson(german);
      const missing = Object.keys(en).filter((key) => typeof de[key] !== 'string' || de[key].trim() === '');
      assert.deepEqual(missing, [], `${missing.length} key(s) of ${english} missing from ${german}:\n${missing.map((key) => JSON.stringify(key)).join('\n')}`);
    });

    it(`${german} keeps the placeholders {n} of ${english}`, () => {
      const en = readJson(english);
      const de = readJson(german);
      const changed = Object.keys(en)
        .filter((key) => typeof de[key] === 'string' && JSON.stringify(placeholders(de[key])) !== JSON.stringify(placeholders(en[key])))
        .map((key) => `${JSON.stringify(key)}: ${placeholders(en[key]).join(' ')} -> ${placeholders(de[key]).join(' ')}`);
      assert.deepEqual(changed, [], `${changed.length} translation(s) in ${german} drop or change a placeholder:\n${changed.join('\n')}`);
    });

    it(`${german} lists its keys in the order of ${english}`, () => {
      const order = Object.keys(readJson(english));
      const keys = Object.keys(readJson(german));
      assert.deepEqual(keys, order.filter((key) => keys.includes(key)), `reorder ${german} like ${english}`);
    });
  }
});
