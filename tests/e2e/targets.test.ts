import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import { openSession, type Session } from './browser.ts';
import { readTargetTable } from '../../src/formats/targets.ts';
import { readGmt } from '../../src/formats/gmt.ts';
import { enrichMirnaTargets } from '../../src/stats/enrichment.ts';
import { mirnaTargetGraph, synergyNetwork } from '../../src/stats/mirna-network.ts';
import { CORE_MIRNAS, demoDe } from '../../scripts/demo/targets.ts';

const T = 'tests/fixtures/targets/';
const MIRZA = 'seed-mirza-g_all_mirnas_per_gene_scores_miR_124a.tab';

/** The demo's down-regulated miRNAs (2-fold, the paper's pipeline) and their enrichment, computed in Node with the core functions. */
function expected() {
  const text = (n: string) => readFileSync(`public/demo/arrays/${n}.gpr`, 'latin1');
  const de = demoDe(['R1', 'R2', 'R3', 'S1', 'S2', 'S3'].map((name) => ({ name, text: text(name) })));
  const pairs = readTargetTable(new Uint8Array(readFileSync('public/demo/targets.tsv')), 'targets.tsv').pairs;
  const sets = readGmt(new Uint8Array(readFileSync('public/demo/genesets.gmt')), 'genesets.gmt').sets;
  return { de, pairs, sets, down: enrichMirnaTargets(pairs, sets, de.down) };
}

/** A screenshot of one part of the page, for a person to look at. */
const shotOf = (loc: import('playwright-core').Locator, name: string) => loc.screenshot({ path: `tests/e2e/__screenshots__/${name}.png` });

const key = (a: string, b: string) => [a, b].sort().join(' ~ ');
const CORE_PAIRS = CORE_MIRNAS.flatMap((a, i) => CORE_MIRNAS.slice(i + 1).map((b) => key(a, b))).sort();

/**
 * The Targets & network tab on the demo study: the demo's target table and gene sets are there,
 * the down-regulated miRNAs' top enriched set and its FDR are the Node computation's, miR-16-5p is
 * found in the network and its neighbourhood lit, the paper's core four are the network's strongest
 * pairs, the enrichment table exports as CSV and the network as SVG; the real target tables and the
 * Hallmark GMT load through the page with the counts of their load reports, and the Excel-mangled
 * copy is flagged — with no request leaving the origin and no page error.
 */
describe('targets & network on the demo study', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;
  const ex = expected();

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  it('opens the Targets & network tab with the demo target table and gene sets loaded', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByTestId('open-demo').click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Targets & network' }).click();
    const summary = page.getByTestId('resources-summary');
    await summary.filter({ hasText: 'targets.tsv' }).waitFor({ timeout: 30_000 });
    await expect(summary.textContent()).resolves.toMatch(/targets\.tsv \(10,761 pairs\).*genesets\.gmt \(55 sets\)/s);
    await page.getByTestId('resources-toggle').click();
    await page.getByTestId('report-pairs').waitFor({ timeout: 30_000 });
    const t = readTargetTable(new Uint8Array(readFileSync('public/demo/targets.tsv')), 'targets.tsv');
    expect(Number(await page.getByTestId('report-rows').getAttribute('data-value'))).toBe(t.report.rowsRead);
    expect(Number(await page.getByTestId('report-pairs').getAttribute('data-value'))).toBe(t.report.pairsKept);
    expect(Number(await page.getByTestId('report-mirnas').getAttribute('data-value'))).toBe(491);
    expect(Number(await page.getByTestId('report-genes').getAttribute('data-value'))).toBe(5887);
    expect(Number(await page.getByTestId('report-sets').getAttribute('data-value'))).toBe(55);
    await shotOf(page.locator('mmdr-targets-view section.card.res'), '50-targets-resources');
    await page.getByTestId('resources-toggle').click();
  });

  it('the down-regulated miRNAs: the top enriched set and its FDR are the Node computation’s', async () => {
    const { page } = s;
    await page.getByTestId('source-down').check();
    const sel = page.getByTestId('selection-summary');
    await sel.waitFor({ timeout: 60_000 });
    expect(Number(await sel.getAttribute('data-selected'))).toBe(ex.de.down.length);
    expect(ex.de.down.length).toBe(88);
    expect(Number(await sel.getAttribute('data-matched'))).toBe(ex.down.mirnas.names.length);
    expect(Number(await sel.getAttribute('data-targets'))).toBe(ex.down.targetGenes.length);
    const top = ex.down.sets[0];
    expect(top.name).toBe('DEMO_G1_S_TRANSITION');
    await expect(page.getByTestId('top-set').textContent()).resolves.toBe(top.name);
    const fdr = Number(await page.getByTestId('top-fdr').getAttribute('data-value'));
    expect(Math.abs(fdr - top.fdr) / top.fdr).toBeLessThan(1e-12);
    await expect(page.getByTestId('top-fdr').textContent()).resolves.toBe(`${(top.fdr / 10 ** Math.floor(Math.log10(top.fdr))).toFixed(1)} × 10⁻⁹`);
    // the table's first row is the same set, with its overlap, and every tested set is listed in p order
    const first = page.getByTestId('enrich-row').first();
    await expect(first.getAttribute('data-set')).resolves.toBe(top.name);
    await expect(first.getByTestId('overlap').textContent()).resolves.toBe(String(top.overlap));
    const shown = await page.getByTestId('enrich-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-set')));
    expect(shown).toEqual(ex.down.sets.slice(0, 25).map((x) => x.name));
    await page.locator('[data-testid="dotplot"] svg').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: 'tests/e2e/__screenshots__/51-targets-down-top.png' });
    await shotOf(page.getByTestId('enrichment-card'), '51-targets-down-enrichment');
  });

  it('finds miR-16-5p in the network and lights up its neighbourhood', async () => {
    const { page } = s;
    await page.locator('mmdr-network-canvas[data-layout-done]').waitFor({ timeout: 30_000 });
    await page.getByTestId('net-search').fill('miR-16-5p');
    await page.getByTestId('net-search').press('Enter');
    const focus = page.getByTestId('network-focus');
    await expect(focus.getAttribute('data-focus')).resolves.toBe('hsa-miR-16-5p');
    const net = synergyNetwork(ex.pairs, ex.down.mirnas.names);
    const partners = net.edges.filter((e) => e.a === 'hsa-miR-16-5p' || e.b === 'hsa-miR-16-5p').map((e) => (e.a === 'hsa-miR-16-5p' ? e.b : e.a));
    const listed = await focus.locator('li').evaluateAll((li) => li.map((x) => x.getAttribute('data-node')));
    expect(listed.sort()).toEqual([...partners].sort());
    expect(listed[0]).toBeDefined();
    await expect(focus.locator('li').first().getAttribute('data-node')).resolves.toBe('hsa-miR-20a-5p'); // the strongest partner
    // keyboard: Esc clears, N steps to a miRNA
    await page.locator('mmdr-network-canvas canvas').focus();
    await page.keyboard.press('Escape');
    await expect(focus.getAttribute('data-focus')).resolves.toBeNull();
    await page.keyboard.press('n');
    await expect(focus.getAttribute('data-focus')).resolves.not.toBeNull();
    await page.getByTestId('net-search').fill('hsa-miR-16-5p');
    await page.getByTestId('net-find').click();
    await expect(focus.getAttribute('data-focus')).resolves.toBe('hsa-miR-16-5p');
    await shotOf(page.getByTestId('network-card'), '52-targets-network-mir16');
  });

  it('at 1.5-fold, and pasted, the paper’s core four are the strongest pairs of the synergy network', async () => {
    const { page } = s;
    const rowsOf = async () => page.getByTestId('edge-row').evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-a')!, r.getAttribute('data-b')!]));
    await page.getByTestId('fold-1.5').click();
    const down15 = ex.de.probes.filter((p) => ex.de.fold.get(p)! <= 1 / 1.5);
    await page.locator(`[data-testid="selection-summary"][data-selected="${down15.length}"]`).waitFor({ timeout: 30_000 });
    await page.getByTestId('edge-row').first().waitFor();
    expect((await rowsOf()).slice(0, 6).map(([a, b]) => key(a, b)).sort()).toEqual(CORE_PAIRS);
    // the drawn network is this selection's (linked miRNAs and edges as Node computes them)
    const net15 = synergyNetwork(ex.pairs, down15);
    const linked = net15.nodes.filter((n) => n.degree > 0).length;
    await page.getByTestId('network-summary').filter({ hasText: `${linked} miRNAs, ${net15.edges.length} pairs` }).waitFor();
    await page.locator('mmdr-network-canvas[data-layout-done]').waitFor({ timeout: 30_000 });
    await shotOf(page.getByTestId('network-card'), '53-targets-network-down-1.5');
    // paste the four
    await page.getByTestId('source-list').check();
    await page.getByTestId('paste-core').click();
    await page.locator('[data-testid="selection-summary"][data-selected="4"]').waitFor({ timeout: 30_000 });
    await page.locator('mmdr-network-canvas[data-layout-done]').waitFor({ timeout: 30_000 });
    expect((await rowsOf()).map(([a, b]) => key(a, b)).sort()).toEqual(CORE_PAIRS);
    await expect(page.getByTestId('network-summary').textContent()).resolves.toMatch(/^4 miRNAs, 6 pairs/);
    await shotOf(page.getByTestId('network-card'), '54-targets-network-core-four');
    await shotOf(page.locator('mmdr-targets-view aside'), '54-targets-selection-list');
    // back to the 2-fold down list for the exports
    await page.getByTestId('source-down').check();
    await page.getByTestId('fold-reset').click();
    await page.locator(`[data-testid="selection-summary"][data-selected="${ex.de.down.length}"]`).waitFor({ timeout: 30_000 });
  });

  it('exports the enrichment table as CSV and the network as SVG', async () => {
    const { page } = s;
    const card = page.getByTestId('enrichment-card');
    const [csv] = await Promise.all([page.waitForEvent('download'), card.getByTestId('enrichment-export').getByTestId('export-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync((await csv.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('Gene set,Description,Set size,Overlap,Expected,Fold enrichment,p,FDR (BH),Genes');
    expect(lines).toHaveLength(ex.down.sets.length + 1);
    const cells = lines[1].split(',');
    const top = ex.down.sets[0];
    expect(cells.slice(0, 4)).toEqual([top.name, top.description, String(top.size), String(top.overlap)]);
    expect(Math.abs(Number(cells[6]) - top.p) / top.p).toBeLessThan(1e-12);
    expect(Math.abs(Number(cells[7]) - top.fdr) / top.fdr).toBeLessThan(1e-12);
    expect(cells[8]).toBe(top.genes.join(' '));

    const net = page.getByTestId('network-card');
    await page.locator('mmdr-network-canvas[data-layout-done]').waitFor({ timeout: 30_000 });
    const [svg] = await Promise.all([page.waitForEvent('download'), net.getByTestId('network-export').getByTestId('export-svg').click()]);
    expect(svg.suggestedFilename()).toMatch(/\.svg$/);
    const doc = readFileSync((await svg.path())!, 'utf8');
    expect(doc).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(doc).toContain('miRNA–miRNA synergy network');
    expect(doc).toContain('miR-16-5p');
    expect(doc).toContain('miR-20a-5p');
    const nodes = /<g data-part="nodes">(.*?)<\/g>/.exec(doc)![1];
    const shown = await page.getByTestId('network-summary').textContent();
    expect(shown).toMatch(new RegExp(`^${(nodes.match(/<circle /g) ?? []).length} miRNAs`));
    expect(doc).not.toMatch(/NaN/);
    copyFileSync((await svg.path())!, 'tests/e2e/__screenshots__/55-targets-network-exported.svg');
    const [png] = await Promise.all([page.waitForEvent('download'), net.getByTestId('network-export').getByTestId('export-png').click()]);
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    copyFileSync((await png.path())!, 'tests/e2e/__screenshots__/55-targets-network-exported.png');
    const [dot] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dotplot-export').getByTestId('export-png').click()]);
    copyFileSync((await dot.path())!, 'tests/e2e/__screenshots__/55-targets-dotplot-exported.png');
  });

  it('draws the miRNA–target graph without blocking the page (the layout runs a few ms per animation frame)', async () => {
    const { page } = s;
    // time every animation-frame callback (the layout's chunks and drawing) and record long tasks
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[]; __frames: number[] };
      w.__long = [];
      w.__frames = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__long.push(e.duration); }).observe({ type: 'longtask' });
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (cb) => raf((t) => { const t0 = performance.now(); cb(t); w.__frames.push(performance.now() - t0); });
    });
    await page.getByTestId('net-mode').selectOption('bipartite');
    await page.getByTestId('network-summary').filter({ hasText: 'target genes' }).waitFor({ timeout: 30_000 });
    await page.locator('mmdr-network-canvas[data-layout-done]').waitFor({ timeout: 60_000 });
    const net = page.getByTestId('network-card');
    const summary = (await page.getByTestId('network-summary').textContent())!;
    const g = mirnaTargetGraph(ex.pairs, ex.down.mirnas.names, { minMirnas: 2, maxGenes: 150 });
    const mirnas = new Set(g.edges.map((e) => e.mirna)).size;
    expect(summary).toMatch(new RegExp(`^${mirnas} miRNAs, ${g.nodes.length - ex.down.mirnas.names.length} target genes, ${g.edges.length} links`));
    await page.getByTestId('net-search').fill('BCL2');
    await page.getByTestId('net-search').press('Enter');
    await expect(page.getByTestId('network-focus').getAttribute('data-focus')).resolves.toBe('BCL2');
    const bcl2 = await page.getByTestId('network-focus').locator('li').evaluateAll((li) => li.map((x) => x.getAttribute('data-node')).sort());
    expect(bcl2).toEqual(ex.down.targetGenes.find((g) => g.gene === 'BCL2')!.mirnas.slice().sort());
    await shotOf(net, '56-targets-network-bipartite');
    // a bigger graph: every target gene (up to 600) of the 88 miRNAs
    await page.getByTestId('net-min-mirnas').fill('1');
    await page.getByTestId('net-min-mirnas').dispatchEvent('change');
    await page.getByTestId('net-max-genes').fill('600');
    await page.getByTestId('net-max-genes').dispatchEvent('change');
    await page.getByTestId('network-summary').filter({ hasText: '600 target genes' }).waitFor({ timeout: 30_000 });
    await page.locator('mmdr-network-canvas[data-layout-done]').waitFor({ timeout: 60_000 });
    const { long, frames } = await page.evaluate(() => {
      const w = window as unknown as { __long: number[]; __frames: number[] };
      return { long: w.__long, frames: w.__frames };
    });
    // 688 nodes × 200 iterations in one go would block for over a second; in chunks each frame
    // takes the 12 ms budget plus drawing (13–15 ms on an idle machine, no long task). Wall-clock
    // times on a busy test machine include preemption, so only the spread over many frames and a
    // loose bound on the typical frame are asserted; the unit tests pin the budget with a fake clock.
    const sorted = [...frames].sort((a, b) => a - b);
    const note = `frames: ${sorted.map((x) => Math.round(x)).join(', ')} ms; long tasks: ${long.map((x) => Math.round(x)).join(', ')} ms`;
    expect(frames.length, note).toBeGreaterThan(20);
    expect(sorted[sorted.length >> 1], note).toBeLessThan(100);
    await page.getByTestId('net-min-mirnas').fill('2');
    await page.getByTestId('net-min-mirnas').dispatchEvent('change');
    await page.getByTestId('net-max-genes').fill('150');
    await page.getByTestId('net-max-genes').dispatchEvent('change');
    await page.getByTestId('net-mode').selectOption('synergy');
  });

  it('loads the real target tables and the Hallmark GMT through the page, with their counts', async () => {
    const { page } = s;
    await page.getByTestId('resources-toggle').click();
    // MIRZA-G: headerless, Entrez ids, NaN scores
    await page.getByTestId('add-targets').setInputFiles(`${T}${MIRZA}`);
    await page.locator('[data-testid="report-rows"][data-value="2311"]').waitFor({ timeout: 30_000 });
    const chosen = () => page.getByTestId('resource-select-targets').evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.textContent ?? '');
    await expect(chosen()).resolves.toContain(MIRZA);
    const counts = async () => Promise.all(['report-rows', 'report-pairs', 'report-mirnas', 'report-genes'].map(async (id) => Number(await page.getByTestId(id).getAttribute('data-value'))));
    expect(await counts()).toEqual([2311, 2311, 1, 2311]);
    await expect(page.getByTestId('idtype-note').textContent()).resolves.toContain('Entrez');
    await shotOf(page.locator('mmdr-targets-view section.card.res'), '57-targets-mirza');
    // the CRLF mir,gene table
    await page.getByTestId('add-targets').setInputFiles(`${T}miR2Target.csv`);
    await page.locator('[data-testid="report-rows"][data-value="476"]').waitFor({ timeout: 30_000 });
    expect(await counts()).toEqual([476, 476, 155, 11]);
    await expect(page.getByTestId('mangled').count()).resolves.toBe(0);
    // Hallmark
    await page.getByTestId('add-gmt').setInputFiles(`${T}h.all.v7.0.symbols.gmt`);
    await page.locator('[data-testid="report-sets"][data-value="50"]').waitFor({ timeout: 30_000 });
    const h = readGmt(new Uint8Array(readFileSync(`${T}h.all.v7.0.symbols.gmt`)), 'h.gmt');
    expect(Number(await page.getByTestId('report-set-genes').getAttribute('data-value'))).toBe(h.report.genes);
    // the Excel-mangled copy is flagged with its lines
    await page.getByTestId('add-targets').setInputFiles(`${T}miR2Target.excel-mangled.csv`);
    await page.locator('[data-testid="report-pairs"][data-value="481"]').waitFor({ timeout: 30_000 });
    const flag = (await page.getByTestId('mangled').textContent())!.replace(/\s+/g, ' ');
    expect(flag).toContain('5 gene names look like dates or numbers');
    expect(flag).toContain('line 5: “2-Sep” → probably SEPTIN2 / SEPT2');
    expect(flag).toContain('line 9: “2.31E+13”');
    await page.getByTestId('add-gmt').setInputFiles(`${T}h.all.v7.0.symbols.excel-mangled.gmt`);
    await page.getByTestId('mangled-gmt').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('mangled-gmt').textContent()).resolves.toContain('7 gene names');
    await shotOf(page.locator('mmdr-targets-view section.card.res'), '58-targets-mangled');
    // a file that is not a target table is refused with its name; nothing is added
    const before = await page.locator('[data-testid="resource-select-targets"] option').count();
    await page.getByTestId('add-targets').setInputFiles({ name: 'notes.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
    await page.getByTestId('resource-error-targets').filter({ hasText: 'notes.csv' }).waitFor({ timeout: 30_000 });
    await expect(page.locator('[data-testid="resource-select-targets"] option').count()).resolves.toBe(before);
  });

  it('the resources stay after a reload, for the study and in the list', async () => {
    const { page } = s;
    await page.waitForTimeout(500); // settings are saved 300 ms after the last change
    await page.reload();
    await page.getByTestId('resources-summary').filter({ hasText: 'miR2Target.excel-mangled.csv' }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('resources-summary').textContent()).resolves.toContain('h.all.v7.0.symbols.excel-mangled.gmt');
    await page.getByTestId('resources-toggle').click();
    const names = await page.locator('[data-testid="resource-select-targets"] option').allTextContents();
    expect(names.join('\n')).toMatch(/targets\.tsv.*\n.*seed-mirza.*\n.*miR2Target\.csv.*\n.*miR2Target\.excel-mangled\.csv/);
  });

  it('a new study without arrays uses the same resources: the core four pasted, against the demo table and Hallmark', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByTestId('new-study').click();
    await page.getByLabel('Study name').fill('Own miRNA list');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('study-name').filter({ hasText: 'Own miRNA list' }).waitFor();
    await page.getByRole('tab', { name: 'Targets & network' }).click();
    await page.getByTestId('resources-summary').filter({ hasText: 'miR2Target.excel-mangled.csv' }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('source-list').isChecked()).resolves.toBe(true);
    await expect(page.getByTestId('source-down').isDisabled()).resolves.toBe(true);
    await page.getByTestId('resources-toggle').click();
    await page.getByTestId('resource-select-targets').selectOption('demo-targets');
    const hallmark = await page.getByTestId('resource-select-gmt').evaluate((el: HTMLSelectElement) => [...el.options].find((o) => o.text.startsWith('h.all.v7.0.symbols.gmt'))!.value);
    await page.getByTestId('resource-select-gmt').selectOption(hallmark);
    await page.getByTestId('paste-core').click();
    await page.locator('[data-testid="selection-summary"][data-selected="4"]').waitFor({ timeout: 30_000 });
    const h = readGmt(new Uint8Array(readFileSync(`${T}h.all.v7.0.symbols.gmt`)), 'h.gmt');
    const want = enrichMirnaTargets(ex.pairs, h.sets, [...CORE_MIRNAS]);
    await page.getByTestId('top-set').filter({ hasText: want.sets[0].name }).waitFor({ timeout: 30_000 });
    expect(want.sets[0].name).toBe('HALLMARK_G2M_CHECKPOINT');
    const fdr = Number(await page.getByTestId('top-fdr').getAttribute('data-value'));
    expect(Math.abs(fdr - want.sets[0].fdr) / want.sets[0].fdr).toBeLessThan(1e-12);
    await expect(page.getByTestId('enrichment-methods').textContent()).resolves.toContain(`universe of ${want.universe} genes`);
  });

  it('no request left the origin and the page had no error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
