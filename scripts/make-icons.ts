/**
 * `npx tsx scripts/make-icons.ts`: renders the app icons (public/icons/*.png) from the two SVG
 * sources in public/icons/ with Debian's Chromium (no image library, no download). Run it by hand
 * after editing an SVG and commit the PNGs; the build only copies them.
 *
 * - icon.svg (rounded, transparent corners): favicon, and the manifest's "any" icons 192/512.
 * - icon-maskable.svg (full bleed, artwork inside the 80 % safe zone): the manifest's "maskable"
 *   icon and the apple-touch-icon (iOS rounds it itself).
 */
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { CHROMIUM } from '../tests/e2e/browser.ts';

const OUT = 'public/icons';
const jobs: { svg: string; size: number; out: string }[] = [
  { svg: 'icon.svg', size: 192, out: 'icon-192.png' },
  { svg: 'icon.svg', size: 512, out: 'icon-512.png' },
  { svg: 'icon-maskable.svg', size: 512, out: 'icon-maskable-512.png' },
  { svg: 'icon-maskable.svg', size: 180, out: 'apple-touch-icon-180.png' },
];

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'], headless: true });
try {
  for (const j of jobs) {
    const page = await browser.newPage({ viewport: { width: j.size, height: j.size } });
    const svg = readFileSync(`${OUT}/${j.svg}`, 'utf8');
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block;width:${j.size}px;height:${j.size}px}</style>${svg}`);
    await page.screenshot({ path: `${OUT}/${j.out}`, omitBackground: true });
    await page.close();
    process.stdout.write(`${OUT}/${j.out}\n`);
  }
} finally {
  await browser.close();
}
