/**
 * Synthetic miRNA–target table (targets.tsv) and gene sets (genesets.gmt) for the demo study, so
 * the Targets & network view works on the demo arrays out of the box (SPEC §4, §7).
 *
 * Nothing here is a real prediction or a real pathway annotation. Gene symbols of the themed sets
 * are real HGNC symbols chosen for the paper's story (BCL2-family apoptosis, G1/S and MYC, the
 * proteasome and unfolded-protein response that bortezomib hits, NF-κB, plasma-cell identity);
 * the background genes are made-up symbols SYNG0001 … and set-only genes SYNS001 …
 *
 * Planted structure (deterministic from the seed):
 * - the paper's core miRNAs, hsa-miR-15a-5p, -16-5p, -17-5p and -20a-5p, share a core of targets
 *   (BCL2, MCL1, CCND1, E2F1, MYC, VEGFA, …) and each seed family (15a/16, 17/20a) shares more, so
 *   their six pairs carry the most shared targets of the whole table and form the densest part of
 *   the miRNA–miRNA synergy network;
 * - their targets, with those of the other named down-regulated miRNAs (miR-125b-5p: IRF4, PRDM1,
 *   TP53; miR-19a-3p and miR-21-5p: PTEN and the PI3K–AKT axis), make the apoptosis, G1/S, MYC and
 *   PI3K–AKT sets over-represented among the targets of the demo's down-regulated miRNAs;
 * - the up-regulated miRNAs lean towards the proteasome/UPR and NF-κB sets;
 * - every other miRNA targets random genes (5–20 for the changed ones, 10–40 for the rest), mostly background, with a few seed families
 *   (let-7, miR-29, miR-30, …) sharing a handful of targets;
 * - the GMT also has background sets, one set too small (3 genes) and one too large (620) for the
 *   default 5–500 size filter, and genes that are in no target list (and the other way round).
 */
import { Rng } from './rng.ts';
import { fixed, median } from './format.ts';
import { NAMED_CHANGES, MIR2TARGET_MIRNAS } from './mirna-names.ts';

/** Seed of the targets and gene-set streams. */
export const TARGETS_SEED = 20150617;

/** The paper's core miRNAs (all down in Bz-resistant). */
export const CORE_MIRNAS = ['hsa-miR-15a-5p', 'hsa-miR-16-5p', 'hsa-miR-17-5p', 'hsa-miR-20a-5p'] as const;

const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** Themed gene sets: real symbols, synthetic membership. */
export const THEMES: readonly { name: string; about: string; genes: readonly string[] }[] = [
  { name: 'DEMO_BCL2_FAMILY_APOPTOSIS', about: 'BCL2-family and caspase apoptosis regulators', genes: words(`BCL2 MCL1 BCL2L1 BCL2L2 BCL2L11 BAX BAK1 BID BBC3
    PMAIP1 BAD BIK BMF HRK BOK BCL2A1 BIRC2 BIRC3 BIRC5 XIAP CASP3 CASP7 CASP8 CASP9 APAF1 CYCS DIABLO FADD CFLAR TNFRSF10B FAS
    TP53 MDM2 DAXX ARHGDIB`) },
  { name: 'DEMO_G1_S_TRANSITION', about: 'G1/S cell-cycle transition', genes: words(`CCND1 CCND2 CCND3 CCNE1 CCNE2 CDK2 CDK4 CDK6 CDC25A
    E2F1 E2F2 E2F3 RB1 RBL1 RBL2 CDKN1A CDKN1B CDKN2A CDKN2C WEE1 CHEK1 CHEK2 MCM2 MCM3 MCM7 PCNA SKP2 CCNA2 CDC6 ORC1`) },
  { name: 'DEMO_MYC_NETWORK', about: 'MYC and its transcriptional targets', genes: words(`MYC MYCN MAX MXD1 MYB BMI1 EZH2 NPM1 NCL ODC1
    LDHA SRM CAD NME1 HSPD1 PA2G4 FBL TERT CDCA7 ENO1 PKM SLC7A5 APEX1 NOP56 PHB`) },
  { name: 'DEMO_PI3K_AKT_MTOR', about: 'PI3K–AKT–mTOR signalling', genes: words(`PTEN PIK3CA PIK3R1 AKT1 AKT2 AKT3 MTOR RPTOR RICTOR
    TSC1 TSC2 PDPK1 FOXO1 FOXO3 GSK3B IRS1 IRS2 IGF1R RHEB EIF4EBP1 RPS6KB1 PRKAA1 STK11 PPP2R1A INPP4B PDCD4 SOCS1`) },
  { name: 'DEMO_PROTEASOME_UPR', about: 'proteasome subunits and the unfolded-protein response', genes: words(`PSMA1 PSMA2 PSMA3
    PSMA4 PSMA5 PSMA6 PSMA7 PSMB1 PSMB2 PSMB3 PSMB4 PSMB5 PSMB6 PSMB7 PSMC1 PSMC2 PSMC3 PSMC4 PSMC5 PSMC6 PSMD1 PSMD2 PSMD4
    XBP1 ATF4 ATF6 ERN1 EIF2AK3 HSPA5 DDIT3 HSP90B1 CALR SEL1L HERPUD1 DNAJB9 EDEM1 SYVN1`) },
  { name: 'DEMO_NFKB_SIGNALING', about: 'NF-kappaB signalling', genes: words(`NFKB1 NFKB2 RELA RELB REL IKBKB IKBKG CHUK NFKBIA NFKBIB
    TNFAIP3 TRAF2 TRAF3 TRAF6 CYLD MAP3K14 TNF IL6 CD40 LTB TNFRSF13B TNFSF13B CXCL8 ICAM1 IRAK1 MYD88`) },
  { name: 'DEMO_PLASMA_CELL_IDENTITY', about: 'plasma-cell identity and myeloma surface markers', genes: words(`IRF4 PRDM1 XBP1 SDC1
    TNFRSF17 SLAMF7 CD38 MZB1 JCHAIN IGLL5 POU2AF1 IKZF1 IKZF3 FRZB DKK1 CD28 CD27 TXNDC5`) },
  { name: 'DEMO_HYPOXIA_ANGIOGENESIS', about: 'hypoxia response and angiogenesis', genes: words(`VEGFA HIF1A EPAS1 ARNT KDR FLT1
    ANGPT1 ANGPT2 FGF2 PDGFB HGF MET EGLN1 EGLN3 VHL CA9 SLC2A1 ADM NOS3 THBS1 SERPINE1 TGFB1 TGFBR2 SMAD4`) },
];

/** Real targets shared by all four core miRNAs (synthetic assignment). */
const CORE_SHARED = words(`BCL2 MCL1 BCL2L11 BCL2L2 BIRC5 XIAP CCND1 CCND2 CCND3 CCNE1 CDK6 CDC25A E2F1 E2F2 E2F3 RB1 RBL2
  CDKN1A WEE1 CHEK1 MYC MYCN MYB BMI1 EZH2 ODC1 NCL CDCA7 VEGFA HIF1A PTEN`);
/** Shared within the miR-15/16 seed family. */
const FAMILY_15_16 = words('CDK4 CCNE2 CHEK2 CDC6 BCL2L1 ARHGDIB CHUK FGF2 SLC2A1 NPM1');
/** Shared within the miR-17/20a seed family. */
const FAMILY_17_20 = words('RBL1 CDKN1B TGFBR2 SMAD4 MAP3K14 TSC1 PIK3R1 FOXO1 IRS1 THBS1 LDHA PA2G4 TERT');
/** Targets of the other named down-regulated miRNAs. */
const NAMED_DOWN_TARGETS: Record<string, readonly string[]> = {
  'hsa-miR-125b-5p': words('IRF4 PRDM1 TP53 BAK1 BMF MDM2 SLAMF7 IKZF3'),
  'hsa-miR-19a-3p': words('PTEN PIK3CA AKT3 TNFAIP3 CYLD SOCS1 PRKAA1 RHEB'),
  'hsa-miR-21-5p': words('PTEN PDCD4 FOXO3 FAS APAF1 RICTOR IGF1R BID'),
};
/** A few seed families among the other miRNAs (they share some targets, far fewer than the core). */
const FAMILIES: readonly (readonly string[])[] = [
  words('hsa-let-7a-5p hsa-let-7b-5p hsa-let-7c-5p hsa-let-7d-5p hsa-let-7e-5p hsa-let-7f-5p hsa-let-7g-5p hsa-let-7i-5p'),
  words('hsa-miR-29a-3p hsa-miR-29b-3p hsa-miR-29c-3p'),
  words('hsa-miR-30a-5p hsa-miR-30b-5p hsa-miR-30c-5p hsa-miR-30d-5p hsa-miR-30e-5p'),
  words('hsa-miR-200a-3p hsa-miR-200b-3p hsa-miR-200c-3p hsa-miR-429'),
  words('hsa-miR-106a-5p hsa-miR-106b-5p hsa-miR-20b-5p hsa-miR-93-5p'),
  words('hsa-miR-125a-5p hsa-miR-99a-5p hsa-miR-99b-5p hsa-miR-100-5p'),
];

const BACKGROUND = 8000; // SYNG0001 … SYNG8000
const IN_SETS = 6500; // background genes SYNG0001 … SYNG6500 can be in sets; the rest only in the table
const SET_ONLY = 120; // SYNS001 … genes in sets but in no target list
const OTHER_MIRNAS = 200; // miRNAs of the table that are neither DE nor named

const background = (i: number): string => `SYNG${String(i + 1).padStart(4, '0')}`;

/** Up- and down-regulated probes (≥ 2-fold) of the demo arrays, read back from the GPR texts. */
export interface DemoDe {
  up: string[];
  down: string[];
  /** Every capture-probe name (array order). */
  probes: string[];
  /** Fold change (mean resistant / mean responsive) of every probe. */
  fold: Map<string, number>;
}

/**
 * The paper's array pipeline on the generated GPR texts (F532 Median − B532 Median, flagged spots
 * dropped, replicates averaged, median normalization over probes ≥ 30 in every array, fold change
 * = mean resistant / mean responsive): which probes are ≥ 2-fold up and down.
 */
export function demoDe(gprs: readonly { name: string; text: string }[]): DemoDe {
  const probes: string[] = [];
  const seen = new Set<string>();
  const avgs = gprs.map((g) => {
    const text = g.text;
    const lineAt = (from: number): [string, number] => {
      const end = text.indexOf('\n', from);
      const stop = end < 0 ? text.length : end;
      return [text.slice(from, stop > from && text[stop - 1] === '\r' ? stop - 1 : stop), end < 0 ? text.length : end + 1];
    };
    let pos = 0;
    let line: string;
    [, pos] = lineAt(pos); // ATF 1.0
    [line, pos] = lineAt(pos);
    const nHeader = Number(line.split('\t')[0]);
    for (let i = 0; i < nHeader; i++) [, pos] = lineAt(pos);
    [line, pos] = lineAt(pos);
    const cols = line.split('\t').map((c) => c.replace(/^"|"$/g, ''));
    const want = [cols.indexOf('Name'), cols.indexOf('F532 Median'), cols.indexOf('B532 Median'), cols.indexOf('Flags')];
    const last = Math.max(...want);
    const cells: string[] = new Array(last + 1);
    const sum = new Map<string, number>();
    const cnt = new Map<string, number>();
    while (pos < text.length) {
      [line, pos] = lineAt(pos);
      if (!line) continue;
      // only the fields we need, without splitting all 31 columns
      let start = 0;
      for (let c = 0; c <= last; c++) {
        const tab = line.indexOf('\t', start);
        cells[c] = line.slice(start, tab < 0 ? line.length : tab);
        start = tab + 1;
      }
      const name = cells[want[0]].replace(/^"|"$/g, '');
      if (name === 'Empty' || name === 'Hy3' || name.startsWith('spike_control_')) continue;
      if (!seen.has(name)) { seen.add(name); probes.push(name); }
      if (Number(cells[want[3]]) < 0) continue;
      sum.set(name, (sum.get(name) ?? 0) + Number(cells[want[1]]) - Number(cells[want[2]]));
      cnt.set(name, (cnt.get(name) ?? 0) + 1);
    }
    return new Map([...sum].map(([k, v]) => [k, v / cnt.get(k)!]));
  });
  const selected = probes.filter((p) => avgs.every((a) => (a.get(p) ?? NaN) >= 30));
  const factors = avgs.map((a) => median(selected.map((p) => a.get(p)!)));
  const mbar = factors.reduce((x, y) => x + y, 0) / factors.length;
  const resistant = gprs.map((g) => g.name.startsWith('S'));
  const up: string[] = [];
  const down: string[] = [];
  const folds = new Map<string, number>();
  for (const p of probes) {
    let r = 0, s = 0, nr = 0, ns = 0;
    avgs.forEach((a, j) => {
      const x = ((a.get(p) ?? NaN) / factors[j]) * mbar;
      if (resistant[j]) { s += x; ns++; } else { r += x; nr++; }
    });
    const fold = s / ns / (r / nr);
    folds.set(p, fold);
    if (fold >= 2) up.push(p);
    else if (fold <= 0.5) down.push(p);
  }
  return { up, down, probes, fold: folds };
}

/** The two demo files and what was planted. */
export interface DemoTargets {
  /** targets.tsv: header `mirna<TAB>gene<TAB>synthetic_score`, LF line ends. */
  tsv: string;
  /** genesets.gmt. */
  gmt: string;
  /** miRNAs of the table. */
  mirnas: string[];
  pairs: number;
}

/** Generate targets.tsv and genesets.gmt for the demo arrays' probes and DE lists. */
export function makeTargets(seed: number, de: DemoDe): DemoTargets {
  const rng = Rng.derive(seed, 'targets');
  const curated = [...new Set(THEMES.flatMap((t) => t.genes))];
  const hsa = de.probes.filter((p) => p.startsWith('hsa-') && !p.includes('miRPlus'));
  const named = NAMED_CHANGES.map((c) => c.name);
  const familyMembers = FAMILIES.flat().filter((m) => hsa.includes(m));
  const fixedSet = new Set<string>([...CORE_MIRNAS, ...named, ...de.down, ...de.up, ...MIR2TARGET_MIRNAS.filter((m) => hsa.includes(m)), ...familyMembers]);
  const others = rng.shuffle(hsa.filter((m) => !fixedSet.has(m))).slice(0, OTHER_MIRNAS);
  const inTable = new Set([...fixedSet, ...others]);
  const mirnas = hsa.filter((m) => inTable.has(m)); // array order

  const targets = new Map<string, Map<string, number>>(mirnas.map((m) => [m, new Map()]));
  const add = (m: string, g: string, lo: number, hi: number): void => {
    const t = targets.get(m)!;
    if (!t.has(g)) t.set(g, rng.uniform(lo, hi));
  };
  const randomBackground = (n: number): string[] => rng.sample(BACKGROUND, n).map(background);

  // the core: shared by all four, then by seed family, then each its own
  const coreBackground = randomBackground(14);
  const fam1516 = [...FAMILY_15_16, ...randomBackground(15)];
  const fam1720 = [...FAMILY_17_20, ...randomBackground(15)];
  for (const m of CORE_MIRNAS) {
    for (const g of [...CORE_SHARED, ...coreBackground]) add(m, g, 0.8, 0.99);
    for (const g of m.includes('-15a-') || m.includes('-16-') ? fam1516 : fam1720) add(m, g, 0.7, 0.99);
    for (const g of randomBackground(15)) add(m, g, 0.5, 0.95);
  }
  for (const [m, genes] of Object.entries(NAMED_DOWN_TARGETS)) {
    for (const g of genes) add(m, g, 0.75, 0.99);
    for (const g of randomBackground(20)) add(m, g, 0.5, 0.95);
  }
  // seed families: a shared handful each
  for (const fam of FAMILIES) {
    const present = fam.filter((m) => targets.has(m));
    const shared = randomBackground(rng.int(6, 12));
    for (const m of present) for (const g of shared) if (rng.chance(0.8)) add(m, g, 0.6, 0.95);
  }
  // everyone: random targets, mostly background; the up-regulated ones lean to proteasome/UPR and NF-kB
  const upTheme = [...THEMES[4].genes, ...THEMES[5].genes];
  const coreSet = new Set<string>(CORE_MIRNAS);
  const up = new Set(de.up);
  const changed = new Set([...de.up, ...de.down]);
  for (const m of mirnas) {
    if (coreSet.has(m)) continue;
    const n = changed.has(m) ? rng.int(5, 20) : rng.int(10, 40);
    for (let i = 0; i < n; i++) {
      const g = rng.chance(0.01) ? rng.pick(curated) : background(rng.int(0, BACKGROUND - 1));
      add(m, g, 0.5, 0.95);
    }
    if (up.has(m)) for (let i = rng.int(1, 2); i > 0; i--) add(m, rng.pick(upTheme), 0.6, 0.95);
  }

  const lines = ['mirna\tgene\tsynthetic_score'];
  let pairs = 0;
  for (const m of mirnas) {
    for (const [g, s] of targets.get(m)!) {
      lines.push(`${m}\t${g}\t${fixed(s, 3)}`);
      pairs++;
    }
  }

  // gene sets
  const grng = Rng.derive(seed, 'genesets');
  const about = (a: string) => `SYNTHETIC demo gene set (not a curated annotation): ${a}`;
  const setOnly = (i: number) => `SYNS${String(i + 1).padStart(3, '0')}`;
  const gmt: string[] = [];
  for (const t of THEMES) {
    const extra = grng.sample(IN_SETS, grng.int(4, 10)).map(background);
    gmt.push([t.name, about(t.about), ...t.genes, ...extra].join('\t'));
  }
  for (let i = 0; i < 45; i++) {
    const size = grng.int(8, 250);
    const genes = grng.sample(IN_SETS, size).map(background);
    for (let j = grng.int(0, 4); j > 0; j--) genes.push(setOnly(grng.int(0, SET_ONLY - 1)));
    gmt.push([`DEMO_BACKGROUND_${String(i + 1).padStart(2, '0')}`, about('random background genes'), ...new Set(genes)].join('\t'));
  }
  gmt.push(['DEMO_TOO_SMALL', about('three genes, below the default minimum size of 5'), 'BCL2', 'MYC', background(0)].join('\t'));
  // too large even within the universe: 620 background genes that are in the table
  const tableBackground = [...new Set(mirnas.flatMap((m) => [...targets.get(m)!.keys()]))].filter((g) => g.startsWith('SYNG')).sort();
  gmt.push(['DEMO_TOO_LARGE', about('620 genes, above the default maximum size of 500'), ...grng.shuffle(tableBackground).slice(0, 620)].join('\t'));
  return { tsv: lines.join('\n') + '\n', gmt: gmt.join('\n') + '\n', mirnas, pairs };
}
