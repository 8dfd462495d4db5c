#!/usr/bin/env node
// `npm run l10n`: writes l10n/bundle.l10n.json, the English bundle VS Code translates from, with
// every message of an `l10n.t('...')` call under src/ (`vscode.l10n.t`, and the `l10n.t` of
// src/common/l10n.ts that the vscode-free modules use). Run it after adding or changing a message.
// @vscode/l10n-dev's `export` would find only the calls on `vscode` or `@vscode/l10n`, so this
// reads the sources with the TypeScript compiler the project already has.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..');
const BUNDLE = path.join(root, 'l10n', 'bundle.l10n.json');

function listSources(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listSources(full);
    return /\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** `l10n.t(...)` or `vscode.l10n.t(...)` (any receiver whose last name is l10n). */
function isL10nCall(node) {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const { expression: receiver, name } = node.expression;
  if (name.text !== 't') return false;
  return (ts.isIdentifier(receiver) && receiver.text === 'l10n') || (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'l10n');
}

/**
 * Every message the sources pass to l10n.t, with where it is used; and the calls whose message is
 * not a literal (they cannot be extracted, so a translation would never reach them).
 */
function extractMessages(sourceRoot = path.join(root, 'src')) {
  const messages = new Map();
  const dynamic = [];
  for (const file of listSources(sourceRoot).sort()) {
    const text = fs.readFileSync(file, 'utf8');
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const relative = path.relative(root, file).split(path.sep).join('/');
    const visit = (node) => {
      if (isL10nCall(node)) {
        const [first] = node.arguments;
        const where = `${relative}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) {
          messages.set(first.text, [...(messages.get(first.text) ?? []), where]);
        } else {
          dynamic.push(where);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { messages, dynamic };
}

/** The bundle's content for these messages: each message is its own key, sorted so merges stay small. */
function bundleText(messages) {
  const keys = [...messages.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify(Object.fromEntries(keys.map((key) => [key, key])), null, 2)}\n`;
}

module.exports = { extractMessages, bundleText, BUNDLE };

if (require.main === module) {
  const { messages, dynamic } = extractMessages();
  fs.mkdirSync(path.dirname(BUNDLE), { recursive: true });
  fs.writeFileSync(BUNDLE, bundleText(messages));
  console.log(`[l10n] ${path.relative(root, BUNDLE)}: ${messages.size} messages`);
  // A translation of a message src no longer has would never show: dropped, and named for the translator.
  for (const name of fs.readdirSync(path.dirname(BUNDLE)).filter((file) => /^bundle\.l10n\.[\w-]+\.json$/.test(file))) {
    const file = path.join(path.dirname(BUNDLE), name);
    const translated = JSON.parse(fs.readFileSync(file, 'utf8'));
    const stale = Object.keys(translated).filter((message) => !messages.has(message));
    if (stale.length === 0) continue;
    for (const message of stale) delete translated[message];
    fs.writeFileSync(file, `${JSON.stringify(translated, null, 2)}\n`);
    console.log(`[l10n] l10n/${name}: dropped ${stale.length} translation(s) of messages src no longer has: ${stale.map((m) => JSON.stringify(m)).join(', ')}`);
  }
  // One call may pass its argument on (src/common/localization.ts); more would be messages no bundle can hold.
  for (const where of dynamic) console.log(`[l10n] not a literal message, left out: ${where}`);
}
