import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { build } from 'vite';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openSession, type Session } from './browser.ts';
import { cspHash, SINGLE_FILE_NAME } from '../../vite.single.config.ts';

/**
 * The single-file build (vite.single.config.ts, as `npm run build:single` runs it) on an
 * air-gapped laptop (SPEC §7): one HTML file opened from file:// with every network request
 * blocked runs the demo study end to end (classic inline worker, inlined wasm, demo files generated
 * in the worker), keeps its CSP with hashed inline script, and warns that every file:// page
 * shares its storage.
 */
describe('single-file build from file:// with no network', () => {
  // built into a private directory: another test run in this checkout may be building dist-single/
  const outDir = mkdtempSync(join(tmpdir(), 'mmdr-single-'));
  const file = join(outDir, SINGLE_FILE_NAME);
  let html = '';
  let url = '';
  let s: Session;
  const requests: string[] = [];

  beforeAll(async () => {
    await build({ configFile: 'vite.single.config.ts', logLevel: 'warn', build: { outDir } });
    html = readFileSync(file, 'utf8');
    url = pathToFileURL(file).href;
    s = await openSession(url);
    await s.context.setOffline(true);
    await s.context.route(/^(https?|wss?|ftp):/, (route) => route.abort('internetdisconnected'));
    s.context.on('request', (r) => { if (!/^(data|blob):/.test(r.url())) requests.push(r.url()); });
  });
  afterAll(async () => { await s?.close(); rmSync(outDir, { recursive: true, force: true }); });

  it('is one self-contained file whose CSP allows its own inline script by hash, not unsafe-inline', () => {
    expect(statSync(file).size).toBeLessThan(4 * 1024 * 1024);
    expect(html).not.toMatch(/<script\b[^>]*\bsrc=/);
    expect(html).not.toMatch(/<link\b(?![^>]*href="data:)[^>]*href=/);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? '';
    expect(scriptSrc).not.toContain('unsafe-inline');
    expect(scriptSrc).not.toContain("'self'");
    expect(csp).toContain("connect-src 'self'");
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(0);
    expect(scriptSrc).toBe(`script-src ${scripts.map((c) => `'${cspHash(c)}'`).join(' ')} 'wasm-unsafe-eval'`);
    // the single-file twins were swapped in: no service worker, no wasm fetch, no demo fetch
    expect(html).not.toContain('serviceWorker');
    expect(html).not.toContain('compileStreaming');
    expect(html).toContain('data:application/wasm;base64,');
  });

  it('opens from file:// with the shared-storage warning and a working analysis engine', async () => {
    const { page } = s;
    await page.goto(url);
    await page.getByRole('heading', { name: 'Studies in this browser' }).waitFor();
    const warning = page.getByTestId('file-origin-warning');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('This copy runs from a file: every file:// page on this computer shares its storage.');
    expect(await warning.textContent()).toMatch(/export your studies/i);
    await page.getByTestId('engine-status').filter({ hasText: 'Analysis engine ready' }).waitFor();
    await s.shot('single-file-studies');
  });

  it('opens the demo study generated in the worker: 204 patients and the six arrays', async () => {
    const { page } = s;
    await page.getByTestId('open-demo').click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('study-counts').textContent()).resolves.toContain('204 patients · 6 array files');
    await expect(page.locator('[data-testid="cohort-grid"] tbody tr:not(.spacer)').first().textContent()).resolves.toContain('DEMO-001');
    await s.shot('single-file-demo-cohort');
    await page.getByRole('tab', { name: 'Arrays' }).click();
    const rows = page.getByTestId('array-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(6);
    const text = (await page.getByTestId('array-table').textContent()) ?? '';
    for (const f of ['R1.gpr', 'R2.gpr', 'R3.gpr', 'S1.gpr', 'S2.gpr', 'S3.gpr']) expect(text).toContain(f);
    await expect(page.getByTestId('file-origin-warning').isVisible()).resolves.toBe(true);
    await s.shot('single-file-demo-arrays');
  });

  it('keeps the study across a reload (IndexedDB of the file:// origin)', async () => {
    const { page } = s;
    await page.reload();
    await page.getByTestId('array-row').first().waitFor();
    expect(await page.getByTestId('array-row').count()).toBe(6);
  });

  it('enforces its CSP: a script injected into the page does not run', async () => {
    // in a second tab, so the expected violation report stays out of the first tab's error list
    const tab = await s.context.newPage();
    await tab.goto(url);
    await tab.getByRole('heading', { name: 'Studies in this browser' }).waitFor();
    const r = await tab.evaluate(() => new Promise<{ directive: string; ran: boolean }>((done) => {
      document.addEventListener('securitypolicyviolation', (e) => {
        setTimeout(() => done({ directive: e.effectiveDirective, ran: (window as unknown as { injected?: boolean }).injected === true }), 50);
      }, { once: true });
      const el = document.createElement('script');
      el.textContent = 'window.injected = true';
      document.head.append(el);
    }));
    expect(r).toEqual({ directive: 'script-src-elem', ran: false });
    await tab.close();
  });

  it('loaded nothing but the file itself and raised no page error (a CSP violation would be one)', () => {
    expect(requests.filter((u) => u !== url)).toEqual([]);
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
