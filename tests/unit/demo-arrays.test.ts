/**
 * The six synthetic GPR files and the GAL file of the demo: GenePix ATF format details, layout,
 * flags, and the paper's pipeline re-implemented naively here (independent of src/ and of the
 * generator's own calibration code) — background subtraction, flagged spots dropped, replicate
 * averaging, median normalization on probes ≥ 30 in all arrays, fold change of group means.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemo } from '../../scripts/make-demo.ts';
import { MIR2TARGET_MIRNAS } from '../../scripts/demo/mirna-names.ts';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';

const NAMES = ['R1', 'R2', 'R3', 'S1', 'S2', 'S3'];
const RESISTANT = [false, false, false, true, true, true];
let dir = '';
const raw = new Map<string, Uint8Array>();

interface Gpr { lines: string[]; nHeader: number; nCols: number; headers: string[]; cols: string[]; rows: string[][] }
const gprs = new Map<string, Gpr>();

/** Naive ATF reader: header count from line 2, quoted column names, tab-separated rows. */
function readGpr(text: string): Gpr {
  const lines = text.split('\r\n');
  expect(lines.pop()).toBe(''); // final CRLF
  const [nHeader, nCols] = lines[1].split('\t').map(Number);
  const headers = lines.slice(2, 2 + nHeader);
  const cols = lines[2 + nHeader].split('\t').map((c) => c.replace(/^"|"$/g, ''));
  const rows = lines.slice(3 + nHeader).map((l) => l.split('\t'));
  return { lines, nHeader, nCols, headers, cols, rows };
}
const col = (g: Gpr, name: string): number => {
  const i = g.cols.indexOf(name);
  expect(i, name).toBeGreaterThanOrEqual(0);
  return i;
};
const unq = (s: string): string => s.replace(/^"|"$/g, '');
const isControl = (name: string): boolean => name === 'Empty' || name === 'Hy3' || name.startsWith('spike_control_');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mmdr-demo-arrays-'));
  writeDemo(dir);
  for (const n of NAMES) {
    const bytes = new Uint8Array(readFileSync(join(dir, 'arrays', `${n}.gpr`)));
    raw.set(n, bytes);
    gprs.set(n, readGpr(new TextDecoder().decode(bytes)));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo GPR files: GenePix ATF format', () => {
  it('ATF 1.0, header count and column count on line 2, quoted records, CRLF, < 2.5 MB', () => {
    for (const n of NAMES) {
      const g = gprs.get(n)!;
      expect(g.lines[0]).toBe('ATF\t1.0');
      expect(g.headers.every((h) => /^".*"$/.test(h))).toBe(true);
      expect(g.cols).toHaveLength(g.nCols);
      expect(raw.get(n)!.length).toBeLessThan(2.5e6);
      const text = new TextDecoder().decode(raw.get(n)!);
      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // no bare LF or CR
      expect(g.rows.filter((r) => r.length !== g.nCols)).toHaveLength(0);
    }
  });
  it('has the GenePix header records and says it is synthetic', () => {
    const h = gprs.get('R1')!.headers.map(unq);
    for (const rec of ['Type=GenePix Results 3', 'Settings=', 'PixelSize=10', 'Wavelengths=532\t635', 'NormalizationMethod=None',
      'NormalizationFactors=1\t1', 'JpegImage=', 'StdDev=Type 1', 'RatioFormulations=W1/W2 (532/635)', 'FeatureType=Circular', 'Barcode=',
      'BackgroundSubtraction=LocalFeature', 'Creator=GenePix Pro 6.0.1.27', 'Scanner=GenePix 4000B [synthetic]', 'Supplier=Exiqon',
      'ArrayerSerialNumber=']) {
      expect(h).toContain(rec);
    }
    for (const key of ['DateTime=', 'GalFile=', 'ImageFiles=', 'ImageOrigin=', 'JpegOrigin=']) expect(h.some((x) => x.startsWith(key)), key).toBe(true);
    expect(h.find((x) => x.startsWith('Comment='))).toMatch(/SYNTHETIC demo data .* not patient data; Hy3 read at 532 nm/);
  });
  it('has the GenePix column names, Name and ID quoted, numbers plain', () => {
    const g = gprs.get('S2')!;
    expect(g.cols).toEqual(['Block', 'Column', 'Row', 'Name', 'ID', 'X', 'Y', 'Dia.', 'F532 Median', 'F532 Mean', 'F532 SD', 'B532',
      'B532 Median', 'B532 Mean', 'B532 SD', '% > B532+1SD', '% > B532+2SD', 'F532 % Sat.', 'F635 Median', 'F635 Mean', 'F635 SD',
      'B635', 'B635 Median', 'B635 Mean', 'B635 SD', 'F635 % Sat.', 'Ratio of Medians (532/635)', 'Flags', 'Normalize', 'F Pixels', 'B Pixels']);
    for (const r of g.rows.slice(0, 500)) {
      expect(r[3]).toMatch(/^".+"$/);
      expect(r[4]).toMatch(/^".+"$/);
      for (const i of [0, 1, 2, 5, 6, 7, 8, 11, 12, 18, 22, 27]) expect(r[i]).toMatch(/^-?\d+$/);
      expect(r[26]).toMatch(/^(\d+\.\d{3}|-?\d+\.\d{3}|Error)$/);
    }
  });
});

describe('demo GPR files: layout, probes and flags', () => {
  it('13 824 spots: 3180 probes × 4, 20 spike-ins × 4, Hy3 and Empty spots; same layout in every file', () => {
    const g = gprs.get('R1')!;
    expect(g.rows).toHaveLength(13824);
    const names = g.rows.map((r) => unq(r[3]));
    const counts = new Map<string, number>();
    for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
    const probes = [...counts.keys()].filter((n) => !isControl(n));
    expect(probes).toHaveLength(3180);
    expect(probes.every((p) => counts.get(p) === 4)).toBe(true);
    expect([...counts.keys()].filter((n) => n.startsWith('spike_control_')).every((n) => counts.get(n) === 4)).toBe(true);
    expect(counts.get('Hy3')).toBe(96);
    expect(counts.get('Empty')).toBeGreaterThan(0);
    for (const n of NAMES.slice(1)) expect(gprs.get(n)!.rows.map((r) => r.slice(0, 5).join('\t'))).toEqual(g.rows.map((r) => r.slice(0, 5).join('\t')));
    // Replicates sit in four different blocks.
    const blocks = new Map<string, Set<string>>();
    g.rows.forEach((r) => (blocks.get(unq(r[3])) ?? blocks.set(unq(r[3]), new Set()).get(unq(r[3]))!).add(r[0]));
    expect(probes.every((p) => blocks.get(p)!.size === 4)).toBe(true);
  });
  it('probe names look like miRBase 18 (human, mouse, rat, viral, 25 miRPlus) and overlap the target table', () => {
    const probes = [...new Set(gprs.get('R1')!.rows.map((r) => unq(r[3])))].filter((n) => !isControl(n));
    const prefix = (p: string): number => probes.filter((n) => n.startsWith(p)).length;
    expect(prefix('hsa-miRPlus-')).toBe(25);
    expect(prefix('hsa-')).toBeGreaterThan(1800);
    expect(prefix('mmu-')).toBeGreaterThan(500);
    expect(prefix('rno-')).toBeGreaterThan(200);
    for (const v of ['ebv-', 'kshv-', 'hcmv-']) expect(prefix(v), v).toBeGreaterThan(10);
    expect(probes.every((n) => /^[a-z0-9]+-(miR|let|miRPlus)-[A-Za-z0-9-]+$/.test(n))).toBe(true);
    for (const n of ['hsa-miR-124-3p', 'hsa-miR-16-5p', 'hsa-miR-15a-5p', 'hsa-miR-17-5p', 'hsa-miR-20a-5p', 'hsa-let-7d-3p']) expect(probes).toContain(n);
    expect(MIR2TARGET_MIRNAS.filter((n) => probes.includes(n))).toHaveLength(MIR2TARGET_MIRNAS.length);
  });
  it('1–2 % of spots are flagged (-50 not found, -100 bad)', () => {
    for (const n of NAMES) {
      const g = gprs.get(n)!;
      const iFl = col(g, 'Flags');
      const flags = g.rows.map((r) => Number(r[iFl]));
      const bad = flags.filter((f) => f < 0).length / flags.length;
      expect(bad, n).toBeGreaterThan(0.01);
      expect(bad, n).toBeLessThan(0.025);
      expect(new Set(flags)).toEqual(new Set([0, -50, -100]));
    }
  });
});

describe('demo arrays: the paper pipeline, naive re-implementation', () => {
  /** probe → mean(F532 Median − B532 Median) over unflagged spots, per array. */
  const averaged = (): Map<string, number>[] =>
    NAMES.map((n) => {
      const g = gprs.get(n)!;
      const [iN, iF, iB, iFl] = [col(g, 'Name'), col(g, 'F532 Median'), col(g, 'B532 Median'), col(g, 'Flags')];
      const acc = new Map<string, [number, number]>();
      for (const r of g.rows) {
        const name = unq(r[iN]);
        if (isControl(name) || Number(r[iFl]) < 0) continue;
        const a = acc.get(name) ?? [0, 0];
        a[0] += Number(r[iF]) - Number(r[iB]);
        a[1] += 1;
        acc.set(name, a);
      }
      return new Map([...acc].map(([k, [s, c]]) => [k, s / c]));
    });
  const med = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const h = s.length >> 1;
    return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
  };

  it('≈45 % of probes ≥ 30 in every array; scale factors differ; 83 up / 88 down at 2-fold; named miRNAs at the paper fold changes', () => {
    const avg = averaged();
    const probes = [...avg[0].keys()];
    expect(probes).toHaveLength(3180);
    const selected = probes.filter((p) => avg.every((a) => (a.get(p) ?? NaN) >= 30));
    const m = avg.map((a) => med(selected.map((p) => a.get(p)!)));
    const mbar = m.reduce((a, b) => a + b, 0) / m.length;
    expect(Math.max(...m) / Math.min(...m)).toBeGreaterThan(1.5); // normalization matters
    const norm = avg.map((a, j) => new Map([...a].map(([k, v]) => [k, (v / m[j]) * mbar])));
    const fold = new Map(probes.map((p) => {
      const grp = (res: boolean): number => norm.filter((_, j) => RESISTANT[j] === res).reduce((s, x) => s + x.get(p)!, 0) / 3;
      return [p, grp(true) / grp(false)];
    }));
    const up = probes.filter((p) => fold.get(p)! >= 2).length;
    const down = probes.filter((p) => fold.get(p)! <= 0.5).length;
    const named = {
      'hsa-miR-16-5p': 1 / fold.get('hsa-miR-16-5p')!, 'hsa-miR-15a-5p': 1 / fold.get('hsa-miR-15a-5p')!,
      'hsa-miR-20a-5p': 1 / fold.get('hsa-miR-20a-5p')!, 'hsa-miR-17-5p': 1 / fold.get('hsa-miR-17-5p')!,
    };
    console.log(`demo arrays: ${selected.length} probes >= 30 in all arrays; factors ${m.map((x) => x.toFixed(1)).join(', ')}; ` +
      `${up} up / ${down} down at 2-fold; lower in resistant: ${Object.entries(named).map(([k, v]) => `${k} ${v.toFixed(3)}`).join(', ')}; ` +
      `up: ${['hsa-miR-513a-5p', 'hsa-miR-20b-3p', 'hsa-let-7d-3p'].map((k) => `${k} ${fold.get(k)!.toFixed(3)}`).join(', ')}; ` +
      `down: ${['hsa-miR-125b-5p', 'hsa-miR-19a-3p', 'hsa-miR-21-5p'].map((k) => `${k} ${(1 / fold.get(k)!).toFixed(3)}`).join(', ')}`);
    expect(selected.length / 3180).toBeGreaterThan(0.4);
    expect(selected.length / 3180).toBeLessThan(0.5);
    expect(up).toBe(83);
    expect(down).toBe(88);
    const paper = { 'hsa-miR-16-5p': 3.91, 'hsa-miR-15a-5p': 1.83, 'hsa-miR-20a-5p': 2.96, 'hsa-miR-17-5p': 1.97 };
    for (const [k, v] of Object.entries(paper)) expect(Math.abs(named[k as keyof typeof named] / v - 1), k).toBeLessThan(0.1);
    for (const k of ['hsa-miR-513a-5p', 'hsa-miR-20b-3p', 'hsa-let-7d-3p']) expect(fold.get(k)!, k).toBeGreaterThanOrEqual(2);
    for (const k of ['hsa-miR-125b-5p', 'hsa-miR-19a-3p', 'hsa-miR-21-5p']) expect(fold.get(k)!, k).toBeLessThanOrEqual(0.5);
  });
  it('the 635 nm channel is background only', () => {
    const g = gprs.get('R1')!;
    const [iF, iB] = [col(g, 'F635 Median'), col(g, 'B635 Median')];
    const diffs = g.rows.map((r) => Number(r[iF]) - Number(r[iB]));
    expect(med(diffs.map(Math.abs))).toBeLessThan(5);
  });
});

describe('demo GAL file and arrays.csv', () => {
  it('GAL: GenePix ArrayList with 48 blocks and the same spots as the GPR files', () => {
    const text = readFileSync(join(dir, 'miRCURY-7th-synthetic.gal'), 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('ATF\t1.0');
    const [nHeader, nCols] = lines[1].split('\t').map(Number);
    expect(nCols).toBe(5);
    expect(lines[2]).toBe('"Type=GenePix ArrayList V1.0"');
    expect(lines.slice(2, 2 + nHeader).filter((l) => /^"Block\d+=/.test(l))).toHaveLength(48);
    expect(lines[2 + nHeader]).toBe('"Block"\t"Row"\t"Column"\t"ID"\t"Name"');
    const spots = lines.slice(3 + nHeader).filter((l) => l !== '').map((l) => l.split('\t'));
    const g = gprs.get('R1')!;
    const key = (b: string, r: string, c: string): string => `${b}/${r}/${c}`;
    const gprByPos = new Map(g.rows.map((r) => [key(r[0], r[2], r[1]), unq(r[3])]));
    expect(spots).toHaveLength(13824);
    for (const [b, r, c, , name] of spots) expect(gprByPos.get(key(b, r, c))).toBe(name);
  });
  it('arrays.csv lists the six files with their groups, matching the manifest', () => {
    const lines = readFileSync(join(dir, 'arrays.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('file,group,description');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => [`demo/${r[0]}`, r[1]])).toEqual(DEMO_MANIFEST.arrays.map((a) => [a.path, a.groupId]));
    for (const r of rows) expect(r[2]).toMatch(/Synthetic/);
  });
});

describe('demo GPR files through the project GPR/GAL readers (src/formats)', () => {
  it('parseGpr reads 13k+ spots on channel 532 and gives the same background-subtracted values', async () => {
    const { parseGpr, resolveChannel, spotIntensities } = await import('../../src/formats/gpr.ts');
    for (const n of NAMES) {
      const gpr = parseGpr(raw.get(n)!, `${n}.gpr`);
      expect(gpr.nSpots).toBeGreaterThan(13000);
      expect(gpr.wavelengths).toContain(532);
      expect(resolveChannel(gpr, 'Hy3')).toBe(532);
      expect(gpr.atfVersion).toBe('1.0');
      expect(gpr.summary.flaggedByValue['-50']).toBeGreaterThan(0);
      expect(gpr.summary.flaggedByValue['-100']).toBeGreaterThan(0);
      const v = spotIntensities(gpr, { channel: 532, background: 'median', dropFlagged: true });
      const g = gprs.get(n)!;
      const [iF, iB, iFl] = [col(g, 'F532 Median'), col(g, 'B532 Median'), col(g, 'Flags')];
      const mismatches = g.rows.filter((r, i) => (Number(r[iFl]) < 0 ? !Number.isNaN(v[i]) : v[i] !== Number(r[iF]) - Number(r[iB])));
      expect(mismatches).toHaveLength(0);
      expect(gpr.summary.distinctNames).toBeGreaterThanOrEqual(3180);
    }
  });
  it('parseGal reads the layout', async () => {
    const { parseGal } = await import('../../src/formats/gal.ts');
    const gal = parseGal(new Uint8Array(readFileSync(join(dir, 'miRCURY-7th-synthetic.gal'))), 'miRCURY-7th-synthetic.gal');
    expect(gal.blockCount).toBe(48);
    expect(gal.blocks).toHaveLength(48);
    expect(gal.nSpots).toBe(13824);
  });
});
