import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

/** A plain static host for end-to-end tests: what a lab's web server does with dist/, nothing more. */
export interface StaticHost {
  /** URL of the site, ending in the sub-path (e.g. http://127.0.0.1:41234/labs/myeloma/wb/). */
  url: string;
  /** Every request path the host received, in order. */
  requests: string[];
  /** Rewrites a file's body before it is sent (path relative to the site root, e.g. 'sw.js'); null to stop. */
  rewrite(path: string, edit: ((body: Buffer) => Buffer) | null): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json',
  '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.csv': 'text/csv; charset=utf-8', '.tsv': 'text/tab-separated-values; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.gpr': 'text/plain; charset=utf-8', '.gal': 'text/plain; charset=utf-8', '.gmt': 'text/plain; charset=utf-8',
};

/** The headers of the `/*` block of a Netlify/Cloudflare-style `_headers` file. */
function readHeadersFile(root: string): [string, string][] {
  let text = '';
  try { text = readFileSync(join(root, '_headers'), 'utf8'); } catch { return []; }
  const out: [string, string][] = [];
  let inAll = false;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) { inAll = line.trim() === '/*'; continue; }
    const m = /^\s+([A-Za-z-]+):\s*(.+)$/.exec(line);
    if (inAll && m) out.push([m[1], m[2].trim()]);
  }
  return out;
}

/**
 * Copies a build to a private temporary directory, so a test keeps serving one consistent build even
 * if something rebuilds dist/ meanwhile (another test run in the same checkout). A copy taken in the
 * middle of a rebuild is detected (no sw.js, or a file it precaches or index.html links is missing)
 * and taken again.
 */
function snapshotBuild(root: string): string {
  for (let attempt = 0; ; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), 'mmdr-static-'));
    cpSync(root, dir, { recursive: true });
    const read = (f: string): string => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
    const sw = read('sw.js');
    const precached = [...sw.matchAll(/["']?\burl["']?\s*:\s*["']([^"']+)["']/g)].map((m) => m[1]);
    precached.push(...[...sw.matchAll(/define\(\[["']\.\/([\w.-]+)["']/g)].map((m) => `${m[1]}.js`)); // the workbox runtime
    const linked = [...read('index.html').matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]);
    const complete = precached.includes('index.html') && linked.length > 0 && [...precached, ...linked].every((u) => existsSync(join(dir, u)));
    if (complete) return dir;
    rmSync(dir, { recursive: true, force: true });
    if (attempt >= 20) throw new Error(`${root} is not a complete build (run "npm run build")`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
}

/**
 * Serves a snapshot of `root` under `prefix` (a deep sub-path) on a free loopback port, with the security headers
 * of root/_headers (so the header CSP, which also binds workers, is exercised) and `no-cache`
 * (a host that lets the service worker decide). Anything outside the prefix is a 404.
 */
export async function serveStatic(root: string, prefix = '/'): Promise<StaticHost> {
  const base = snapshotBuild(root);
  const headers = readHeadersFile(base);
  const rewrites = new Map<string, (body: Buffer) => Buffer>();
  const requests: string[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    for (const [k, v] of headers) res.setHeader(k, v);
    res.setHeader('Cache-Control', 'no-cache');
    if (path === prefix.replace(/\/$/, '') && prefix !== '/') {
      res.writeHead(301, { Location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) { res.writeHead(404).end('not found'); return; }
    let rel = path.slice(prefix.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(base, rel));
    if (!file.startsWith(base + sep) || rel === '_headers') { res.writeHead(404).end('not found'); return; }
    let body: Buffer;
    try {
      if (!statSync(file).isFile()) throw new Error('not a file');
      body = readFileSync(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const edit = rewrites.get(rel);
    if (edit) body = edit(body);
    res.writeHead(200, { 'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  const server = createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${prefix}`,
    requests,
    rewrite: (path, edit) => { if (edit) rewrites.set(path, edit); else rewrites.delete(path); },
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); })
      .finally(() => rmSync(base, { recursive: true, force: true })),
  };
}
