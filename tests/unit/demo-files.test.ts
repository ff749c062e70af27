/**
 * The demo generator is deterministic and its output is pinned: tests/fixtures/demo-sha256.json
 * holds the sha256 of every generated file. A change to the generator (or to anything it reads:
 * src/study/fields.ts, src/study/demo-manifest.ts) that changes a byte fails here until the
 * manifest is regenerated on purpose with `npx tsx scripts/make-demo.ts /tmp/demo --print-hashes`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemo, type DemoOutput } from '../../scripts/make-demo.ts';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';
import expected from '../fixtures/demo-sha256.json';

const dirs: string[] = [];
let first: DemoOutput;
let dirA = '';

const listFiles = (root: string): string[] => {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const full = join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(root, full).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
};

beforeAll(() => {
  dirA = mkdtempSync(join(tmpdir(), 'mmdr-demo-a-'));
  dirs.push(dirA);
  first = writeDemo(dirA);
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('demo generator', () => {
  it('writes exactly the files the manifest lists', () => {
    const want = DEMO_MANIFEST.files.map((f) => f.replace(/^demo\//, '')).sort();
    expect(listFiles(dirA)).toEqual(want);
    expect(first.files.map((f) => f.path).sort()).toEqual(want);
  });
  it('matches the recorded sha256 of every file (tests/fixtures/demo-sha256.json)', () => {
    const got = Object.fromEntries(first.files.map((f) => [f.path, f.sha256]));
    expect(got).toEqual(expected);
    for (const f of first.files) {
      expect(createHash('sha256').update(readFileSync(join(dirA, f.path))).digest('hex')).toBe(f.sha256);
    }
  });
  it('is byte-identical on a second run', () => {
    const dirB = mkdtempSync(join(tmpdir(), 'mmdr-demo-b-'));
    dirs.push(dirB);
    const second = writeDemo(dirB);
    expect(second.files).toEqual(first.files);
    for (const f of first.files) expect(Buffer.compare(readFileSync(join(dirA, f.path)), readFileSync(join(dirB, f.path)))).toBe(0);
  });
  it('labels everything synthetic', () => {
    const readme = readFileSync(join(dirA, 'README.txt'), 'utf8');
    expect(readme).toMatch(/^SYNTHETIC DEMO DATA — NOT PATIENT DATA/);
    expect(DEMO_MANIFEST.synthetic).toBe(true);
    expect(DEMO_MANIFEST.title()).toBe('Demo study (synthetic)');
    expect(DEMO_MANIFEST.description()).toMatch(/Synthetic/);
    expect(DEMO_MANIFEST.groups.map((g) => g.label())).toEqual(['Bz-responsive', 'Bz-resistant']);
  });
  it('manifest paths are relative to the site root under demo/ (served from public/demo)', () => {
    for (const f of DEMO_MANIFEST.files) {
      expect(f).toMatch(/^demo\/[A-Za-z0-9._/-]+$/);
      expect(existsSync(join(dirA, f.replace(/^demo\//, '')))).toBe(true);
    }
    expect(DEMO_MANIFEST.arrays.filter((a) => a.groupId === 'Bz-responsive')).toHaveLength(3);
    expect(DEMO_MANIFEST.arrays.filter((a) => a.groupId === 'Bz-resistant')).toHaveLength(3);
    expect(DEMO_MANIFEST.arrays.map((a) => a.group())).toEqual(['Bz-responsive', 'Bz-responsive', 'Bz-responsive', 'Bz-resistant', 'Bz-resistant', 'Bz-resistant']);
    expect(DEMO_MANIFEST.files).toContain(DEMO_MANIFEST.cohort.path);
  });
});
