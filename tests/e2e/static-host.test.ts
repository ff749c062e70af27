import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import type { Page } from 'playwright-core';
import { openSession, type Session } from './browser.ts';
import { serveStatic, type StaticHost } from './static-server.ts';

/**
 * dist/ (as the global setup builds it; each host serves its own copy) on a plain static host
 * under a deep sub-path, with the security headers of its _headers file (SPEC §7 "Offline and
 * shareable"): the app works there
 * exactly as at a root, a visit installs the service worker that precaches everything, the app
 * then runs with the network cut, and a new deployment is offered through an update prompt.
 */
const SUB_PATH = '/labs/myeloma/wb/';

/**
 * Waits until the service worker controls the page (it is activated only after the precache is
 * complete); says what state it is stuck in otherwise.
 */
async function waitForServiceWorker(page: Page, timeoutMs = 45_000): Promise<string> {
  return page.evaluate(async (timeout) => {
    const t0 = Date.now();
    for (;;) {
      const reg = await navigator.serviceWorker.getRegistration();
      if (reg?.active?.state === 'activated' && navigator.serviceWorker.controller) return 'activated';
      if (Date.now() - t0 > timeout) {
        return `not controlled after ${timeout} ms: registration=${!!reg} installing=${reg?.installing?.state} waiting=${reg?.waiting?.state} active=${reg?.active?.state} controller=${!!navigator.serviceWorker.controller}`;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }, timeoutMs);
}

/** Every URL in the page's Cache Storage. */
async function cachedUrls(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const out: string[] = [];
    for (const k of await caches.keys()) for (const r of await (await caches.open(k)).keys()) out.push(r.url);
    return out;
  });
}

/** Opens the demo study from the Studies page and waits for the cohort grid. */
async function openDemo(page: Page): Promise<void> {
  await page.getByTestId('open-demo').click();
  await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
  await expect(page.getByTestId('study-counts').textContent()).resolves.toContain('204 patients · 6 array files');
}

describe('dist/ from a deep sub-path of a static host', () => {
  let host: StaticHost;
  let s: Session;
  beforeAll(async () => {
    host = await serveStatic(inject('distDir'), SUB_PATH);
    s = await openSession(host.url);
  });
  afterAll(async () => { await s?.close(); await host?.close(); });

  it('loads, runs the kernels and opens the demo study under /labs/myeloma/wb/', async () => {
    const { page } = s;
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Studies in this browser' }).waitFor();
    await page.getByTestId('engine-status').filter({ hasText: 'Analysis engine ready' }).waitFor();
    await openDemo(page);
    await page.getByRole('tab', { name: 'Arrays' }).click();
    await page.getByTestId('array-row').first().waitFor();
    expect(await page.getByTestId('array-row').count()).toBe(6);
    await s.shot('static-host-subpath-arrays');
  });

  it('keeps hash routes across a reload and answers the sub-path without a trailing slash', async () => {
    const { page } = s;
    expect(new URL(page.url()).pathname).toBe(SUB_PATH);
    expect(new URL(page.url()).hash).toMatch(/^#\/study\//);
    await page.reload();
    await page.getByTestId('array-row').first().waitFor();
    await page.goto(host.url.replace(/\/$/, ''));
    await page.getByRole('heading', { name: 'Studies in this browser' }).waitFor();
  });

  it('requested nothing outside the sub-path and nothing off the origin, with no page error', () => {
    const outside = host.requests.filter((p) => !p.startsWith(SUB_PATH) && p !== SUB_PATH.replace(/\/$/, ''));
    expect(outside).toEqual([]);
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});

describe('offline after one visit (service worker precache)', () => {
  let host: StaticHost;
  let s: Session;
  const blocked: string[] = [];
  beforeAll(async () => {
    host = await serveStatic(inject('distDir'), SUB_PATH);
    s = await openSession(host.url);
  });
  afterAll(async () => { await s?.close(); await host?.close(); });

  it('first visit: the service worker takes control once everything is precached', async () => {
    const { page } = s;
    await page.goto(host.url);
    await page.getByTestId('engine-status').filter({ hasText: 'Analysis engine ready' }).waitFor();
    expect(await waitForServiceWorker(page)).toBe('activated');
    const cached = await cachedUrls(page);
    expect(cached.some((u) => /\/assets\/kernels-[\w-]+\.wasm/.test(u))).toBe(true);
    expect(cached.some((u) => /\/assets\/workbench\.worker-[\w-]+\.js/.test(u))).toBe(true);
    expect(cached.some((u) => new URL(u).pathname === `${SUB_PATH}index.html`)).toBe(true);
    expect(cached.filter((u) => /\/demo\/arrays\/[RS][123]\.gpr/.test(u))).toHaveLength(6);
    for (const f of ['cohort.csv', 'arrays.csv', 'miRCURY-7th-synthetic.gal', 'README.txt']) expect(cached.some((u) => u.includes(`/demo/${f}`)), f).toBe(true);
    for (const u of cached) expect(new URL(u).pathname.startsWith(SUB_PATH), u).toBe(true);
  });

  it('with the network cut: reloads from the precache, runs the wasm worker and opens the demo study', async () => {
    const { page, context } = s;
    await context.setOffline(true);
    await context.route('**/*', (route) => { blocked.push(route.request().url()); return route.abort('internetdisconnected'); });
    const before = host.requests.length;
    await page.reload();
    await page.getByRole('heading', { name: 'Studies in this browser' }).waitFor();
    await page.getByTestId('engine-status').filter({ hasText: 'Analysis engine ready' }).waitFor();
    await openDemo(page);
    await s.shot('static-host-offline-demo');
    expect(host.requests.length).toBe(before);
    // The only thing that may try the network is the browser's own update check of sw.js.
    expect(blocked.filter((u) => !u.endsWith('/sw.js'))).toEqual([]);
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});

describe('update prompt when a new build is deployed', () => {
  let host: StaticHost;
  let s: Session;
  beforeAll(async () => {
    host = await serveStatic(inject('distDir'), SUB_PATH);
    s = await openSession(host.url);
  });
  afterAll(async () => { await s?.close(); await host?.close(); });

  it('offers a Reload button when a new service worker is waiting, and switches to it on click', async () => {
    const { page } = s;
    await page.goto(host.url);
    await page.getByTestId('engine-status').filter({ hasText: 'Analysis engine ready' }).waitFor();
    expect(await waitForServiceWorker(page)).toBe('activated');
    const firstScript = await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL);
    // "Deploy" a new build: the host now serves a different sw.js.
    host.rewrite('sw.js', (b) => Buffer.concat([b, Buffer.from('\n// next build\n')]));
    await page.evaluate(async () => { await (await navigator.serviceWorker.getRegistration())?.update(); });
    const toast = page.getByTestId('toast').filter({ hasText: 'A new version of the workbench is available.' });
    await toast.waitFor({ timeout: 20_000 });
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true);
    await s.shot('static-host-update-prompt');
    await page.evaluate(() => { (window as unknown as { beforeReload: boolean }).beforeReload = true; });
    await toast.getByRole('button', { name: 'Reload' }).click();
    await page.waitForFunction(() => !(window as unknown as { beforeReload?: boolean }).beforeReload, undefined, { timeout: 20_000 });
    await page.getByRole('heading', { name: 'Studies in this browser' }).waitFor();
    const after = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      return { waiting: !!reg?.waiting, active: reg?.active?.state, controller: navigator.serviceWorker.controller?.scriptURL };
    });
    expect(after).toEqual({ waiting: false, active: 'activated', controller: firstScript });
    expect(await page.getByTestId('toast').count()).toBe(0);
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
