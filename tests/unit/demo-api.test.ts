/**
 * The worker task the single-file build opens the demo with (src/worker/api/demo-api.ts) returns
 * exactly the bytes of `npm run demo` (pinned in tests/fixtures/demo-sha256.json), in manifest order.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { demoApi } from '../../src/worker/api/demo-api.ts';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';
import expected from '../fixtures/demo-sha256.json';

describe('worker task generateDemoFiles', () => {
  it('generates every manifest file with the pinned sha256, reporting progress', async () => {
    const progress: number[] = [];
    const files = await demoApi().generateDemoFiles((p) => progress.push(p.done));
    expect(files.map((f) => f.path)).toEqual([...DEMO_MANIFEST.files]);
    const got = Object.fromEntries(files.map((f) => [f.path.replace(/^demo\//, ''), createHash('sha256').update(new Uint8Array(f.bytes)).digest('hex')]));
    expect(got).toEqual(expected);
    expect(progress).toEqual([0, 1]);
    for (const f of files) expect(f.bytes).toBeInstanceOf(ArrayBuffer);
  });
});
