#!/usr/bin/env node
// Renders media/icon.svg to the Marketplace's 128 px PNG (media/icon.png) in the test host's Chromium.
// Run after changing the SVG: node scripts/render-icon.js
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '..');

async function main() {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
    await page.goto(`file://${path.join(root, 'media', 'icon.svg')}`);
    await page.screenshot({ path: path.join(root, 'media', 'icon.png'), omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
