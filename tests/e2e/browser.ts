import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';

/** Debian's Chromium (installed by .ci/run); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** A browser session that records every request leaving the page's origin (and blocks it). */
export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** URLs of requests that tried to leave the origin: must stay empty. */
  offOrigin: string[];
  /** Uncaught page errors and console errors: must stay empty. */
  pageErrors: string[];
  close(): Promise<void>;
  /** Saves a screenshot under tests/e2e/__screenshots__/ for a person to look at. */
  shot(name: string): Promise<void>;
}

/** Launches headless Chromium on `baseUrl` with the no-egress guard installed. */
export async function openSession(baseUrl: string, opts: { locale?: string } = {}): Promise<Session> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
  const context = await browser.newContext({ locale: opts.locale ?? 'en-GB', viewport: { width: 1360, height: 900 } });
  const origin = new URL(baseUrl).origin;
  const offOrigin: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    const proto = new URL(u).protocol;
    if (proto === 'data:' || proto === 'blob:' || new URL(u).origin === origin) return route.continue();
    offOrigin.push(u);
    return route.abort('blockedbyclient');
  });
  context.on('request', (req) => {
    const u = new URL(req.url());
    if (u.protocol !== 'data:' && u.protocol !== 'blob:' && u.origin !== origin && !offOrigin.includes(req.url())) offOrigin.push(req.url());
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') pageErrors.push(m.text()); });
  mkdirSync('tests/e2e/__screenshots__', { recursive: true });
  return {
    browser, context, page, offOrigin, pageErrors,
    close: () => browser.close(),
    shot: async (name) => { await page.screenshot({ path: `tests/e2e/__screenshots__/${name}.png`, fullPage: true }); },
  };
}

/**
 * Moves the import wizard one step on and waits until that step is on screen (a second click
 * before the next step renders would land on the same step again).
 */
export async function nextWizardStep(page: Page): Promise<void> {
  const cur = await page.locator('[data-testid^="wizard-step-"]').getAttribute('data-testid');
  const n = Number(cur!.replace('wizard-step-', ''));
  await page.getByTestId('wizard-next').click();
  await page.getByTestId(`wizard-step-${n + 1}`).waitFor({ timeout: 30_000 });
}
