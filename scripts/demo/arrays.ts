/**
 * Six synthetic GenePix Results (GPR, ATF 1.0) files of a miRCURY LNA 7th-generation-style array
 * (Exiqon; Hy3 read at 532 nm, Hy5 channel unused) and the matching GenePix ArrayList (GAL) file:
 * 3 Bz-responsive (R1–R3) and 3 Bz-resistant (S1–S3) arrays, 3180 capture probes in quadruplicate
 * plus spike-in controls, Hy3 orientation spots and empty spots.
 *
 * Intensities are planted so that the paper's pipeline (foreground median − background median,
 * flagged spots dropped, replicates averaged, median normalization on the probes ≥ 30 in every
 * array, ratio of group means) finds a fixed set of ≥ 2-fold changes (UP_COUNT up, DOWN_COUNT down)
 * and the paper's named miRNAs at its fold changes. A final calibration pass runs that pipeline on
 * the rounded integers actually written and rescales the resistant arrays' spots of the planted
 * probes (and of any unplanted probe that noise pushed near the cut-off), so the numbers hold
 * exactly, not just in expectation.
 */
import { Rng } from './rng.ts';
import { probeNames, NAMED_CHANGES, MIR2TARGET_MIRNAS, PROBE_COUNT } from './mirna-names.ts';
import { fixed } from './format.ts';

/** Planted ≥ 2-fold changes (paper: "83 miRNAs were expressed at higher levels and 88 ... at lower"). */
export const UP_COUNT = 83;
export const DOWN_COUNT = 88;

/** Array files and groups, in the order of arrays.csv. */
export const ARRAYS: readonly { name: string; group: 'Bz-responsive' | 'Bz-resistant'; scale: number; pmt: number; date: string }[] = [
  { name: 'R1', group: 'Bz-responsive', scale: 1.0, pmt: 600, date: '2015/06/16 10:12:41' },
  { name: 'R2', group: 'Bz-responsive', scale: 1.32, pmt: 640, date: '2015/06/16 10:31:07' },
  { name: 'R3', group: 'Bz-responsive', scale: 0.84, pmt: 570, date: '2015/06/16 10:49:55' },
  { name: 'S1', group: 'Bz-resistant', scale: 1.18, pmt: 620, date: '2015/06/16 11:08:23' },
  { name: 'S2', group: 'Bz-resistant', scale: 0.72, pmt: 550, date: '2015/06/16 11:26:02' },
  { name: 'S3', group: 'Bz-resistant', scale: 1.41, pmt: 660, date: '2015/06/16 11:44:36' },
];

export const GAL_FILE_NAME = 'miRCURY-7th-synthetic.gal';

// Slide geometry: 48 blocks (4 across × 12 down), each 18 columns × 16 rows; the slide holds four
// copies (quadrants of 12 blocks) of every probe, in a different order in each quadrant.
const BLOCKS_X = 4;
const BLOCKS_Y = 12;
const COLS = 18;
const ROWS = 16;
const PITCH = 170; // µm between spot centres
const BLOCK_GAP = 420;
const ORIGIN_X = 1240;
const ORIGIN_Y = 2480;
const QUADRANTS = 4;
const BLOCKS_PER_QUADRANT = (BLOCKS_X * BLOCKS_Y) / QUADRANTS;
const SPIKES = 'abcdefghijklmnopqrst'.split('').map((c) => `spike_control_${c}`);

type Kind = 'probe' | 'spike' | 'hy3' | 'empty';
interface Feature { block: number; col: number; row: number; name: string; id: string; kind: Kind; probe: number }

export interface Layout { features: Feature[]; names: string[]; ids: string[] }

/** Block origin (µm) of a 1-based block number. */
function blockOrigin(block: number): [number, number] {
  const b = block - 1;
  const bx = b % BLOCKS_X;
  const by = Math.floor(b / BLOCKS_X);
  return [ORIGIN_X + bx * (COLS * PITCH + BLOCK_GAP), ORIGIN_Y + by * (ROWS * PITCH + BLOCK_GAP)];
}

/** Spot layout shared by the GAL file and all six GPR files. */
export function makeLayout(seed: number): Layout {
  const rng = Rng.derive(seed, 'layout');
  const names = probeNames(Rng.derive(seed, 'names'));
  const usedIds = new Set<number>();
  const ids = names.map(() => {
    let id = 0;
    do id = rng.int(10000, 169999); while (usedIds.has(id));
    usedIds.add(id);
    return String(id);
  });
  const spikeIds = SPIKES.map((_, i) => String(17000 + i));
  const features: Feature[] = [];
  for (let q = 0; q < QUADRANTS; q++) {
    const slots: [number, number, number][] = [];
    for (let bi = 0; bi < BLOCKS_PER_QUADRANT; bi++) {
      const block = q * BLOCKS_PER_QUADRANT + bi + 1;
      for (let row = 1; row <= ROWS; row++) {
        for (let col = 1; col <= COLS; col++) {
          if ((row === 1 && col === 1) || (row === ROWS && col === COLS)) {
            features.push({ block, col, row, name: 'Hy3', id: 'Hy3', kind: 'hy3', probe: -1 });
          } else slots.push([block, col, row]);
        }
      }
    }
    const items: { name: string; id: string; kind: Kind; probe: number }[] = [
      ...names.map((name, i) => ({ name, id: ids[i], kind: 'probe' as const, probe: i })),
      ...SPIKES.map((name, i) => ({ name, id: spikeIds[i], kind: 'spike' as const, probe: i })),
    ];
    while (items.length < slots.length) items.push({ name: 'Empty', id: 'Empty', kind: 'empty', probe: -1 });
    rng.shuffle(items);
    slots.forEach(([block, col, row], i) => features.push({ block, col, row, ...items[i] }));
  }
  features.sort((a, b) => a.block - b.block || a.row - b.row || a.col - b.col);
  return { features, names, ids };
}

/** GAL (GenePix ArrayList V1.0) text, CRLF line ends. */
export function galText(layout: Layout): string {
  const header: string[] = ['Type=GenePix ArrayList V1.0', `BlockCount=${BLOCKS_X * BLOCKS_Y}`, 'BlockType=0'];
  for (let b = 1; b <= BLOCKS_X * BLOCKS_Y; b++) {
    const [x, y] = blockOrigin(b);
    header.push(`Block${b}= ${x}, ${y}, 100, ${COLS}, ${PITCH}, ${ROWS}, ${PITCH}`);
  }
  header.push('Supplier=Exiqon', 'ArrayName=miRCURY LNA microRNA Array 7th gen style (synthetic layout)',
    'Comment=SYNTHETIC demo layout — generated by scripts/make-demo.ts; 3180 capture probes in quadruplicate');
  const lines = ['ATF\t1.0', `${header.length}\t5`, ...header.map((h) => `"${h}"`), ['Block', 'Row', 'Column', 'ID', 'Name'].map((c) => `"${c}"`).join('\t')];
  const byGal = [...layout.features].sort((a, b) => a.block - b.block || a.row - b.row || a.col - b.col);
  for (const f of byGal) lines.push(`${f.block}\t${f.row}\t${f.col}\t${f.id}\t${f.name}`);
  return lines.join('\r\n') + '\r\n';
}

/** True expression model of one probe: responsive level and resistant level (net Hy3 units at scale 1). */
interface Truth { base: number; resistant: number; planted: 'up' | 'down' | 'named' | null }

/** Intensity levels of the named miRNAs (high enough that their fold changes are robust). */
const NAMED_LEVEL: Record<string, number> = {
  'hsa-miR-16-5p': 9200, 'hsa-miR-15a-5p': 2600, 'hsa-miR-20a-5p': 3400, 'hsa-miR-17-5p': 3100,
  'hsa-miR-513a-5p': 720, 'hsa-miR-20b-3p': 610, 'hsa-let-7d-3p': 880,
  'hsa-miR-125b-5p': 1900, 'hsa-miR-19a-3p': 1650, 'hsa-miR-21-5p': 6100,
};

/** Expression truth for every probe, with the planted changes. */
function makeTruth(rng: Rng, names: readonly string[]): Truth[] {
  const truth: Truth[] = names.map((name) => {
    const sp = name.slice(0, 3);
    const [mu, sd] = name.includes('miRPlus') ? [4.4, 1.5] : sp === 'hsa' ? [5.25, 1.85] : sp === 'mmu' ? [4.6, 1.6] : sp === 'rno' ? [4.4, 1.5] : [3.9, 1.3];
    const base = 6 + Math.pow(2, mu + sd * rng.normal());
    return { base: Math.min(base, 24000), resistant: 0, planted: null };
  });
  for (const t of truth) t.resistant = t.base;
  NAMED_CHANGES.forEach(({ name, fold }) => {
    const i = names.indexOf(name);
    truth[i] = { base: NAMED_LEVEL[name], resistant: NAMED_LEVEL[name] * fold, planted: 'named' };
  });
  truth[names.indexOf('hsa-miR-124-3p')].base = 420;
  truth[names.indexOf('hsa-miR-124-3p')].resistant = 420;
  // Random planted changes among human probes expressed well above background; about a quarter
  // are miRNAs of the bundled target table so that the targets view has DE miRNAs to work on.
  const namedUp = NAMED_CHANGES.filter((c) => c.fold >= 2).length;
  const namedDown = NAMED_CHANGES.filter((c) => c.fold <= 0.5).length;
  const eligible = (i: number): boolean => names[i].startsWith('hsa-') && !names[i].includes('miRPlus') && truth[i].planted === null && truth[i].base >= 90 && names[i] !== 'hsa-miR-124-3p';
  const fromTargets = rng.shuffle(MIR2TARGET_MIRNAS.map((n) => names.indexOf(n)).filter(eligible));
  const others = rng.shuffle(names.map((_, i) => i).filter((i) => eligible(i) && !MIR2TARGET_MIRNAS.includes(names[i])));
  const nUp = UP_COUNT - namedUp;
  const nDown = DOWN_COUNT - namedDown;
  const chosen = rng.shuffle(fromTargets.slice(0, 40).concat(others.slice(0, nUp + nDown))).slice(0, nUp + nDown);
  chosen.forEach((i, k) => {
    const lf = rng.uniform(1.4, 3.1);
    truth[i].planted = k < nUp ? 'up' : 'down';
    truth[i].resistant = truth[i].base * Math.pow(2, k < nUp ? lf : -lf);
  });
  return truth;
}

interface Spot { f: Feature; b532: number; net: number; flag: 0 | -50 | -100; bsd: number; dia: number; jx: number; jy: number }

/** One array's spots with net intensities (before rounding). */
function makeSpots(rng: Rng, layout: Layout, truth: readonly Truth[], a: (typeof ARRAYS)[number]): Spot[] {
  const resistant = a.group === 'Bz-resistant';
  const bio = truth.map(() => Math.pow(2, 0.12 * rng.normal())); // sample-level variation per probe
  const blockBg = Array.from({ length: BLOCKS_X * BLOCKS_Y }, (_, b) => {
    const by = Math.floor(b / BLOCKS_X);
    return (38 + 10 * (by / BLOCKS_Y) + 2 * rng.normal()) * Math.sqrt(a.scale);
  });
  const flaggedPerProbe = new Map<number, number>();
  return layout.features.map((f) => {
    const b532 = blockBg[f.block - 1] + 1.5 * rng.normal();
    const bsd = 4 + 3 * rng.next();
    let net = 0;
    let flag: Spot['flag'] = 0;
    if (f.kind === 'probe') {
      const t = truth[f.probe];
      const level = (resistant ? t.resistant : t.base) * bio[f.probe];
      net = a.scale * level * Math.pow(2, 0.1 * rng.normal()) + 1.2 * rng.normal();
      const n = flaggedPerProbe.get(f.probe) ?? 0;
      const canFlag = n < 2 && t.planted !== 'named';
      if (canFlag && rng.chance(level < 25 ? 0.02 : 0.006)) {
        flag = -50; // not found: spot indistinguishable from background
        flaggedPerProbe.set(f.probe, n + 1);
      } else if (canFlag && rng.chance(0.006)) {
        flag = -100; // bad: dust or scratch
        flaggedPerProbe.set(f.probe, n + 1);
      }
    } else if (f.kind === 'spike') {
      net = a.scale * 50 * Math.pow(1.45, f.probe) * Math.pow(2, 0.08 * rng.normal()) + rng.normal();
    } else if (f.kind === 'hy3') {
      net = a.scale * 36000 * Math.pow(2, 0.1 * rng.normal());
    } else {
      net = 1.5 * rng.normal();
      if (rng.chance(0.05)) flag = -50;
    }
    return { f, b532, net, flag, bsd, dia: rng.chance(0.8) ? 100 : rng.pick([90, 110]), jx: rng.int(-8, 8), jy: rng.int(-8, 8) };
  });
}

/** Integer F532 median and B532 median as written; flagged spots get their corrupted values here. */
interface Written { fMed: number; bMed: number }

function writtenValues(rng: Rng, spots: readonly Spot[]): Written[] {
  return spots.map((s) => {
    const bMed = Math.max(1, Math.round(s.b532));
    let net = s.net;
    if (s.flag === -50) net = 1.5 * rng.normal();
    if (s.flag === -100) net = s.net * Math.exp(rng.uniform(-1.6, 1.6)) + rng.uniform(50, 400);
    return { fMed: Math.min(65535, Math.max(0, Math.round(bMed + net))), bMed };
  });
}

/**
 * The paper's array pipeline on written integers, as a reference for calibration: per array,
 * F532 Median − B532 Median per unflagged spot, replicates averaged; probes ≥ 30 in all arrays give
 * each array's factor m_j (median), x' = x / m_j · mean(m); fold change = mean(resistant) / mean(responsive).
 */
export function pipeline(layout: Layout, written: readonly Written[][], spots: readonly Spot[][]): { fold: Float64Array; selected: number; factors: number[] } {
  const nA = written.length;
  const avg = Array.from({ length: nA }, () => new Float64Array(PROBE_COUNT));
  for (let j = 0; j < nA; j++) {
    const sum = new Float64Array(PROBE_COUNT);
    const cnt = new Float64Array(PROBE_COUNT);
    layout.features.forEach((f, k) => {
      if (f.kind !== 'probe' || spots[j][k].flag < 0) return;
      sum[f.probe] += written[j][k].fMed - written[j][k].bMed;
      cnt[f.probe] += 1;
    });
    for (let p = 0; p < PROBE_COUNT; p++) avg[j][p] = cnt[p] ? sum[p] / cnt[p] : NaN;
  }
  const sel: number[] = [];
  for (let p = 0; p < PROBE_COUNT; p++) if (avg.every((a) => a[p] >= 30)) sel.push(p);
  const factors = avg.map((a) => {
    const v = sel.map((p) => a[p]).sort((x, y) => x - y);
    const h = v.length >> 1;
    return v.length % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
  });
  const mbar = factors.reduce((x, y) => x + y, 0) / nA;
  const fold = new Float64Array(PROBE_COUNT);
  const isRes = ARRAYS.map((a) => a.group === 'Bz-resistant');
  for (let p = 0; p < PROBE_COUNT; p++) {
    let r = 0;
    let s = 0;
    for (let j = 0; j < nA; j++) {
      const x = (avg[j][p] / factors[j]) * mbar;
      if (isRes[j]) s += x / 3;
      else r += x / 3;
    }
    fold[p] = s / r;
  }
  return { fold, selected: sel.length, factors };
}

export interface ArraySet { layout: Layout; gpr: { name: string; text: string }[]; gal: string; stats: { selected: number; up: number; down: number; named: Record<string, number>; calibrated: number; flagged: number; spots: number } }

/** Generate the six arrays (with calibration) and the GAL file. */
export function makeArrays(seed: number): ArraySet {
  const layout = makeLayout(seed);
  const truth = makeTruth(Rng.derive(seed, 'truth'), layout.names);
  const spots = ARRAYS.map((a) => makeSpots(Rng.derive(seed, 'spots-' + a.name), layout, truth, a));
  const written = spots.map((s, j) => writtenValues(Rng.derive(seed, 'written-' + ARRAYS[j].name), s));
  const resIdx = ARRAYS.map((a, j) => (a.group === 'Bz-resistant' ? j : -1)).filter((j) => j >= 0);
  const namedFold = new Map(NAMED_CHANGES.map((c) => [layout.names.indexOf(c.name), c.fold]));
  const minLf = Math.log2(2.2);
  // Calibration: rescale resistant spots (net part) of a probe by a common factor.
  const rescale = (p: number, factor: number): void => {
    for (const j of resIdx) {
      layout.features.forEach((f, k) => {
        if (f.kind !== 'probe' || f.probe !== p) return;
        const w = written[j][k];
        if (spots[j][k].flag === -50) return;
        w.fMed = Math.min(65535, Math.max(0, Math.round(w.bMed + (w.fMed - w.bMed) * factor)));
      });
    }
  };
  let res = pipeline(layout, written, spots);
  const calibrated = new Set<number>();
  for (let iter = 0; iter < 4; iter++) {
    let changed = false;
    for (let p = 0; p < PROBE_COUNT; p++) {
      const lf = Math.log2(res.fold[p]);
      const t = truth[p];
      let target: number | null = null;
      if (namedFold.has(p)) {
        if (Math.abs(res.fold[p] / namedFold.get(p)! - 1) > 0.0005) target = namedFold.get(p)!;
      } else if (t.planted === 'up' && lf < minLf) target = Math.pow(2, minLf + 0.3);
      else if (t.planted === 'down' && lf > -minLf) target = Math.pow(2, -minLf - 0.3);
      else if (t.planted === null && Math.abs(lf) > Math.log2(1.8)) target = Math.pow(2, Math.sign(lf) * 0.4);
      if (target !== null) {
        if (!namedFold.has(p)) calibrated.add(p);
        rescale(p, target / res.fold[p]);
        changed = true;
      }
    }
    if (!changed) break;
    res = pipeline(layout, written, spots);
  }
  let up = 0;
  let down = 0;
  for (let p = 0; p < PROBE_COUNT; p++) {
    if (res.fold[p] >= 2) up++;
    else if (res.fold[p] <= 0.5) down++;
  }
  const named: Record<string, number> = {};
  for (const c of NAMED_CHANGES) named[c.name] = res.fold[layout.names.indexOf(c.name)];
  const gal = galText(layout);
  const gpr = ARRAYS.map((a, j) => ({ name: a.name, text: gprText(Rng.derive(seed, 'columns-' + a.name), layout, a, spots[j], written[j]) }));
  const flagged = spots.reduce((a, s) => a + s.filter((x) => x.flag < 0).length, 0);
  return { layout, gpr, gal, stats: { selected: res.selected, up, down, named, calibrated: calibrated.size, flagged, spots: spots.length * layout.features.length } };
}

const GPR_COLUMNS = ['Block', 'Column', 'Row', 'Name', 'ID', 'X', 'Y', 'Dia.', 'F532 Median', 'F532 Mean', 'F532 SD', 'B532',
  'B532 Median', 'B532 Mean', 'B532 SD', '% > B532+1SD', '% > B532+2SD', 'F532 % Sat.', 'F635 Median', 'F635 Mean', 'F635 SD',
  'B635', 'B635 Median', 'B635 Mean', 'B635 SD', 'F635 % Sat.', 'Ratio of Medians (532/635)', 'Flags', 'Normalize', 'F Pixels',
  'B Pixels'] as const;

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

/** GPR (ATF 1.0, GenePix Results 3) text with CRLF line ends. */
function gprText(rng: Rng, layout: Layout, a: (typeof ARRAYS)[number], spots: readonly Spot[], written: readonly Written[]): string {
  const header = [
    'Type=GenePix Results 3',
    `DateTime=${a.date}`,
    'Settings=',
    `GalFile=D:\\Exiqon\\GAL\\${GAL_FILE_NAME}`,
    'PixelSize=10',
    'Wavelengths=532\t635',
    `ImageFiles=D:\\synthetic\\scans\\${a.name}_Hy3.tif 0\tD:\\synthetic\\scans\\${a.name}_Hy3.tif 1`,
    'NormalizationMethod=None',
    'NormalizationFactors=1\t1',
    'JpegImage=',
    'StdDev=Type 1',
    'RatioFormulations=W1/W2 (532/635)',
    'FeatureType=Circular',
    'Barcode=',
    'BackgroundSubtraction=LocalFeature',
    `ImageOrigin=${ORIGIN_X - 240}, ${ORIGIN_Y - 480}`,
    `JpegOrigin=${ORIGIN_X - 240}, ${ORIGIN_Y - 480}`,
    'Creator=GenePix Pro 6.0.1.27',
    'Scanner=GenePix 4000B [synthetic]',
    'FocusPosition=0',
    'Temperature=24.1',
    'LinesAveraged=1',
    'Comment=SYNTHETIC demo data — generated by scripts/make-demo.ts, not patient data; Hy3 read at 532 nm',
    `PMTGain=${a.pmt}\t500`,
    'ScanPower=100\t100',
    'LaserPower=3.41\t3.02',
    'Filters=<Empty>\t<Empty>',
    'Supplier=Exiqon',
    'ArrayerSerialNumber=',
  ];
  const lines: string[] = ['ATF\t1.0', `${header.length}\t${GPR_COLUMNS.length}`, ...header.map((h) => `"${h}"`), GPR_COLUMNS.map((c) => `"${c}"`).join('\t')];
  spots.forEach((s, k) => {
    const f = s.f;
    const { fMed, bMed } = written[k];
    const net = fMed - bMed;
    const [ox, oy] = blockOrigin(f.block);
    const x = ox + (f.col - 1) * PITCH + s.jx;
    const y = oy + (f.row - 1) * PITCH + s.jy;
    const fMean = Math.min(65535, Math.max(0, Math.round(fMed + Math.abs(net) * (0.03 + 0.02 * rng.normal()) + rng.normal())));
    const fSd = Math.max(1, Math.round(s.bsd + Math.abs(net) * (0.22 + 0.04 * rng.normal())));
    const bMean = bMed + rng.int(0, 3);
    const bSd = Math.round(s.bsd + rng.int(0, 4));
    const z = net / Math.max(1, bSd);
    const p1 = Math.max(0, Math.min(100, Math.round(100 * logistic(2 * (z - 0.6)))));
    const p2 = Math.max(0, Math.min(p1, Math.round(100 * logistic(2 * (z - 1.6)))));
    const sat = fMed >= 65535 ? rng.int(30, 80) : fMed > 62000 ? rng.int(1, 20) : 0;
    const b635 = Math.round(29 + 1.5 * rng.normal());
    const f635 = Math.max(0, b635 + Math.round(2 * rng.normal() + 0.0004 * net));
    const f635Mean = f635 + rng.int(0, 2);
    const f635Sd = rng.int(4, 9);
    const b635Mean = b635 + rng.int(0, 2);
    const b635Sd = rng.int(4, 8);
    const den = f635 - b635;
    const ratio = den <= 0 ? 'Error' : fixed(net / den, 3);
    const fPix = s.dia === 100 ? 80 : s.dia === 90 ? 52 : 112;
    const bPix = rng.int(380, 560);
    const cells = [f.block, f.col, f.row, `"${f.name}"`, `"${f.id}"`, x, y, s.dia, fMed, fMean, fSd, bMed, bMed, bMean, bSd, p1, p2, sat,
      f635, f635Mean, f635Sd, b635, b635, b635Mean, b635Sd, 0, ratio, s.flag, 0, fPix, bPix];
    lines.push(cells.join('\t'));
  });
  return lines.join('\r\n') + '\r\n';
}

/** arrays.csv: file, group, description (paths relative to the demo folder). */
export function arraysCsv(): string {
  const lines = ['file,group,description'];
  for (const a of ARRAYS) {
    const desc = `Synthetic ${a.group} serum-exosome miRNA array ${a.name.slice(1)} (Hy3 at 532 nm; not patient data)`;
    lines.push(`arrays/${a.name}.gpr,${a.group},${desc}`);
  }
  return lines.join('\n') + '\n';
}
