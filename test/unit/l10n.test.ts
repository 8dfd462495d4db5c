import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');

/** scripts/l10n.js, the extractor behind `npm run l10n` (plain JS, so it runs without a build). */
interface L10nExtractor {
  extractMessages(sourceRoot?: string): { messages: Map<string, string[]>; dynamic: string[] };
  BUNDLE: string;
}
// Loaded by its path at run time: out/ mirrors test/ but not scripts/.
const extractor = createRequire(__filename)(path.join(root, 'scripts', 'l10n.js')) as L10nExtractor;

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
const placeholders = (message: string) => [...new Set(message.match(/\{\d+\}/g) ?? [])].sort();

/** Every `%key%` in a JSON value, wherever it sits (titles, descriptions, enumDescriptions...). */
function manifestKeys(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const match = /^%(.+)%$/.exec(value);
    if (match) found.add(match[1]);
  } else if (Array.isArray(value)) {
    for (const item of value) manifestKeys(item, found);
  } else if (value && typeof value === 'object') {
    for (const item of Object.values(value)) manifestKeys(item, found);
  }
  return found;
}

interface ManifestWords {
  displayName?: string;
  description?: string;
  contributes: {
    commands?: Array<{ command: string; title?: string; category?: string }>;
    viewsContainers?: Record<string, Array<{ id: string; title?: string }>>;
    views?: Record<string, Array<{ id: string; name?: string; contextualTitle?: string }>>;
    viewsWelcome?: Array<{ contents?: string }>;
    configuration?: {
      title?: string;
      properties?: Record<string, { description?: string; markdownDescription?: string; enumDescriptions?: string[]; items?: { enumDescriptions?: string[] } }>;
    };
    walkthroughs?: Array<{ id: string; title?: string; description?: string; steps: Array<{ id: string; title?: string; description?: string }> }>;
  };
}

describe('localization', () => {
  const { messages, dynamic } = extractor.extractMessages();
  const bundle = readJson(extractor.BUNDLE);

  it('has every message an l10n.t call in src uses in l10n/bundle.l10n.json (npm run l10n writes it)', () => {
    assert.ok(messages.size > 100, `found the messages of src (${messages.size})`);
    const missing = [...messages].filter(([message]) => bundle[message] !== message).map(([message, where]) => `${JSON.stringify(message)} (${where[0]})`);
    assert.deepEqual(missing, [], `missing from l10n/bundle.l10n.json, run npm run l10n:\n${missing.join('\n')}`);
  });

  it('keeps no message in the bundle that src no longer uses', () => {
    const unused = Object.keys(bundle).filter((message) => !messages.has(message));
    assert.deepEqual(unused, [], 'no longer used, run npm run l10n');
  });

  it('passes l10n.t a literal message everywhere but the bridge to vscode.l10n.t', () => {
    assert.deepEqual(
      dynamic.map((where) => where.replace(/:\d+$/, '')),
      ['src/common/localization.ts'],
      'a message built at run time cannot be in the bundle: write the literal at the call, with {0} for what varies',
    );
  });

  it('has every %key% of package.json in package.nls.json, and no key nothing uses', () => {
    const used = manifestKeys(readJson(path.join(root, 'package.json')));
    const nls = readJson(path.join(root, 'package.nls.json'));
    assert.ok(used.size > 50, `package.json names its strings by key (${used.size})`);
    assert.deepEqual([...used].filter((key) => typeof nls[key] !== 'string'), [], 'missing from package.nls.json');
    assert.deepEqual(Object.keys(nls).filter((key) => !used.has(key)), [], 'in package.nls.json but not used in package.json');
  });

  it('names every user-facing string of package.json by a %key%, none written out', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as ManifestWords;
    const words: Array<[string, unknown]> = [
      ['displayName', manifest.displayName],
      ['description', manifest.description],
      ...(manifest.contributes.commands ?? []).flatMap((c): Array<[string, unknown]> => [[`${c.command} title`, c.title], [`${c.command} category`, c.category]]),
      ...Object.values(manifest.contributes.viewsContainers ?? {}).flat().map((c): [string, unknown] => [`view container ${c.id}`, c.title]),
      ...Object.values(manifest.contributes.views ?? {}).flat().flatMap((v): Array<[string, unknown]> => [[`view ${v.id}`, v.name], ...(v.contextualTitle ? [[`view ${v.id} contextualTitle`, v.contextualTitle] as [string, unknown]] : [])]),
      ...(manifest.contributes.viewsWelcome ?? []).map((w, i): [string, unknown] => [`viewsWelcome ${i}`, w.contents]),
      ['configuration title', manifest.contributes.configuration?.title],
      ...Object.entries(manifest.contributes.configuration?.properties ?? {}).flatMap(([name, p]): Array<[string, unknown]> => [
        ...(['description', 'markdownDescription'] as const).filter((field) => p[field] !== undefined).map((field): [string, unknown] => [`${name} ${field}`, p[field]]),
        ...[...(p.enumDescriptions ?? []), ...(p.items?.enumDescriptions ?? [])].map((d, i): [string, unknown] => [`${name} enumDescriptions ${i}`, d]),
      ]),
      ...(manifest.contributes.walkthroughs ?? []).flatMap((w) => [w, ...w.steps]).flatMap((x): Array<[string, unknown]> => [[`walkthrough ${x.id} title`, x.title], [`walkthrough ${x.id} description`, x.description]]),
    ];
    assert.ok(words.length > 50, `read the manifest's words (${words.length})`);
    const written = words.filter(([, value]) => typeof value !== 'string' || !/^%[^%]+%$/.test(value)).map(([where]) => where);
    assert.deepEqual(written, [], 'written out in package.json: put the English in package.nls.json and name it %key%');
  });

  it('translates only known messages and keys, keeping their placeholders', () => {
    const english = { bundle, nls: readJson(path.join(root, 'package.nls.json')) };
    const translations = [
      ...fs.readdirSync(path.join(root, 'l10n')).filter((name) => /^bundle\.l10n\.[\w-]+\.json$/.test(name)).map((name) => ({ file: `l10n/${name}`, of: english.bundle })),
      ...fs.readdirSync(root).filter((name) => /^package\.nls\.[\w-]+\.json$/.test(name)).map((name) => ({ file: name, of: english.nls })),
    ];
    assert.deepEqual(translations.map(({ file }) => file).sort(), ['l10n/bundle.l10n.de.json', 'package.nls.de.json'], 'the German translation is checked');
    for (const { file, of } of translations) {
      for (const [key, translated] of Object.entries(readJson(path.join(root, file)))) {
        assert.equal(typeof of[key], 'string', `${file}: ${JSON.stringify(key)} is not an English key`);
        assert.deepEqual(placeholders(String(translated)), placeholders(String(of[key])), `${file}: ${JSON.stringify(key)} keeps its placeholders`);
      }
    }
  });
});
