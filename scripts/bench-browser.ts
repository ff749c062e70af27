import { build, preview } from 'vite';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

/** What bench/bench-page.ts puts on the page. */
type BenchWindow = { benchReady?: boolean; runBench(ref3180: number[]): Promise<unknown> };

/**
 * The in-browser half of `npm run bench`: builds bench/index.html with the app's Vite config
 * (the same worker chunk and wasm as dist/), serves it on loopback, and times the worker in
 * Debian's headless Chromium. Returns null (with a reason on stderr) where Chromium is missing.
 */
export async function browserBench(): Promise<{ chromium: string; cases: unknown[] } | null> {
  const exe = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(exe)) {
    process.stderr.write(`bench: no Chromium at ${exe}; in-browser cases skipped\n`);
    return null;
  }
  const outDir = mkdtempSync(join(tmpdir(), 'mmdr-bench-'));
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: 'vite.config.ts', logLevel: 'warn', mode: 'production',
      build: { outDir, emptyOutDir: true, rollupOptions: { input: 'bench/index.html' } },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV; else process.env.NODE_ENV = nodeEnv;
  }
  const server = await preview({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, open: false } });
  const browser = await chromium.launch({
    executablePath: exe, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(new URL('bench/index.html', server.resolvedUrls!.local[0]).href);
    await page.waitForFunction(() => (window as unknown as BenchWindow).benchReady === true);
    const ref = JSON.parse(readFileSync('tests/fixtures/microarray.json', 'utf8')) as { log2_expression: number[][] };
    // rows = probes: column-major 3180 × 12 is the arrays' columns one after another
    const values = ref.log2_expression.flat();
    process.stderr.write('bench: clustering in headless Chromium through the worker …\n');
    const cases = await page.evaluate((v) => (window as unknown as BenchWindow).runBench(v), values) as unknown[];
    return { chromium: browser.version(), cases };
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.httpServer.close(() => r()));
    rmSync(outDir, { recursive: true, force: true });
  }
}
