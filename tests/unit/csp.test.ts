import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { CSP } from '../../vite.config.ts';

describe('content security policy', () => {
  it('public/_headers sends the same policy as the page meta, plus frame-ancestors', () => {
    const headers = readFileSync('public/_headers', 'utf8');
    const line = headers.split('\n').find((l) => l.trim().startsWith('Content-Security-Policy:'))!;
    const policy = line.split(':').slice(1).join(':').trim();
    expect(policy).toBe(`${CSP}; frame-ancestors 'none'`);
  });

  it('allows scripts only from the origin plus wasm compilation, and connections only to the origin', () => {
    expect(CSP).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(CSP).toContain("connect-src 'self'");
    expect(CSP).not.toMatch(/https?:/);
    expect(CSP).not.toContain("'unsafe-eval'");
  });
});
