/**
 * `npm run demo`: writes the embedded demo study (SPEC §7) into public/demo/ — a synthetic cohort
 * (cohort.csv), six synthetic GenePix GPR files (arrays/R1–R3 Bz-responsive, S1–S3 Bz-resistant),
 * arrays.csv, a GAL file and a README saying the data are synthetic.
 *
 * The generation itself is scripts/demo/generate.ts (no file system: the single-file build runs it
 * in the browser); this file writes its bytes.
 *
 * Deterministic: fixed seeds, our own PRNG (scripts/demo/rng.ts), no clock, no locale-dependent
 * formatting; two runs give byte-identical files. tests/fixtures/demo-sha256.json records the
 * sha256 of every file and tests/unit/demo-files.test.ts regenerates and compares, so a change to
 * the generator must update that manifest on purpose (`tsx scripts/make-demo.ts --print-hashes`).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDemo } from './demo/generate.ts';

export { COHORT_SEED, ARRAY_SEED } from './demo/generate.ts';

/** What writeDemo produced. */
export interface DemoOutput {
  /** Files relative to outDir, with size and sha256, in manifest order. */
  files: { path: string; bytes: number; sha256: string }[];
  arrays: { probesAllAbove30: number; up: number; down: number; named: Record<string, number> };
}

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Generate every demo file (scripts/demo/generate.ts) and write it into outDir (created if needed). */
export function writeDemo(outDir: string): DemoOutput {
  const demo = generateDemo();
  const files: DemoOutput['files'] = [];
  for (const [sitePath, bytes] of demo.files) {
    const path = sitePath.replace(/^demo\//, '');
    const full = join(outDir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, bytes);
    files.push({ path, bytes: bytes.length, sha256: sha256(bytes) });
  }
  return { files, arrays: demo.arrays };
}

/** CLI: `tsx scripts/make-demo.ts [outDir] [--print-hashes]`. */
function main(argv: readonly string[]): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const positional = argv.filter((a) => !a.startsWith('--'));
  const outDir = resolve(positional[0] ?? join(root, 'public', 'demo'));
  const t0 = performance.now();
  const out = writeDemo(outDir);
  const ms = performance.now() - t0;
  if (argv.includes('--print-hashes')) {
    process.stdout.write(JSON.stringify(Object.fromEntries(out.files.map((f) => [f.path, f.sha256])), null, 2) + '\n');
    return;
  }
  for (const f of out.files) process.stdout.write(`${f.path.padEnd(30)} ${String(f.bytes).padStart(9)} bytes\n`);
  process.stdout.write(
    `arrays: ${out.arrays.probesAllAbove30} probes >= 30 in all arrays; ${out.arrays.up} up / ${out.arrays.down} down at >= 2-fold\n` +
      `wrote ${out.files.length} files to ${outDir} in ${ms.toFixed(0)} ms\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main(process.argv.slice(2));
