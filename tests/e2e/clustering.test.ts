import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import { copyFileSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openSession, type Session } from './browser.ts';
import { loadKernelsNode } from '../../src/kernels/load-node.ts';
import { parseGpr } from '../../src/formats/gpr.ts';
import { DEMO_MANIFEST } from '../../src/study/demo-manifest.ts';
import { PAPER_ARRAY_SETTINGS, readOutGpr, runArrayAnalysis } from '../../src/study/array-analysis.ts';
import { classifyProbes } from '../../src/stats/differential.ts';
import { clusterMatrix, cutree, toNewick, type Hclust } from '../../src/stats/cluster.ts';
import { drawnHeights, layoutDendrogram, subtreeLabels } from '../../src/views/clustering/dendrogram.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * The demo arrays through the same pipeline in Node: src/study/array-analysis.ts with the paper's
 * settings (controls left out), the DE list (2-fold, up ∪ down in probe order), row z-scores,
 * 1 − Pearson, average linkage (src/stats/cluster.ts clusterMatrix) — what the page must show.
 */
function expected() {
  const k = loadKernelsNode();
  const cn = DEMO_MANIFEST.controlNames;
  const s = { ...PAPER_ARRAY_SETTINGS, excludeNames: [cn.empty, cn.reference], excludePrefixes: [cn.spikePrefix] };
  const files = DEMO_MANIFEST.arrays.map((a) => parseGpr(new Uint8Array(readFileSync(`public/${a.path}`)), `${a.name}.gpr`));
  const r = runArrayAnalysis(k, readOutGpr(files, k, s), DEMO_MANIFEST.arrays.map((a) => a.groupId), s, ['Bz-responsive', 'Bz-resistant']);
  const cls = classifyProbes(r.de, { cutoff: 2, basis: 'linear' });
  const rows: number[] = [];
  cls.forEach((c, i) => { if (c !== 0) rows.push(i); });
  const nP = r.probes.length;
  const nA = r.arrays.length;
  const values = new Float64Array(rows.length * nA);
  rows.forEach((i, q) => { for (let j = 0; j < nA; j++) values[j * rows.length + q] = r.normalization.analysed[j * nP + i]; });
  const input = { values, nRows: rows.length, nCols: nA, rowLabels: rows.map((i) => r.probes[i]), colLabels: r.arrays };
  const opts = { distance: 'pearson' as const, linkage: 'average' as const, zScore: true };
  const tree = clusterMatrix(k, input, opts);
  const colTree = clusterMatrix(k, input, { ...opts, axis: 'columns' });
  return { tree, colTree, probes: input.rowLabels, arrays: r.arrays, up: r.de.up, down: r.de.down };
}

/** The heatmap element's geometry and trees, read from the page (CSS px relative to the canvas). */
async function geometry(page: Page) {
  await page.getByTestId('heatmap-canvas').evaluate((c) => c.scrollIntoView({ block: 'center' }));
  return page.getByTestId('heatmap-canvas').evaluate((canvas) => {
    const host = (canvas.getRootNode() as ShadowRoot).host as unknown as {
      _layout(): { W: number; H: number; dendroL: number; dendroR: number; cellsL: number; cellsT: number; cellsW: number; cellsH: number; colDendroB: number; groupT: number };
      _view: { r0: number; rn: number; c0: number; cn: number };
      data: { nRows: number; nCols: number; rowDendro: { x: Float64Array; h: Float64Array; maxHeight: number } };
    };
    const r = canvas.getBoundingClientRect();
    return { L: host._layout(), v: host._view, left: r.left, top: r.top, rowX: Array.from(host.data.rowDendro.x), rowH: Array.from(host.data.rowDendro.h), maxH: host.data.rowDendro.maxHeight };
  });
}

/** Non-white, non-transparent pixels of the canvas inside a CSS-px rectangle. */
async function inked(page: Page, x: number, y: number, w: number, h: number): Promise<number> {
  return page.getByTestId('heatmap-canvas').evaluate((c, [x, y, w, h]) => {
    const canvas = c as HTMLCanvasElement;
    const k = canvas.width / canvas.getBoundingClientRect().width;
    const d = canvas.getContext('2d')!.getImageData(Math.round(x * k), Math.round(y * k), Math.max(1, Math.round(w * k)), Math.max(1, Math.round(h * k))).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0 && (d[i] < 245 || d[i + 1] < 245 || d[i + 2] < 245)) n++;
    return n;
  }, [x, y, w, h]);
}

/**
 * The Clustering tab on the demo study (issue 6): with the defaults (DE probes, 1 − Pearson,
 * average linkage, rows z-scored) the heatmap and both dendrograms are drawn; cut at k = 2 the
 * cluster sizes are Node's cutree; clicking a branch lists its probes; a hover names the probe
 * under the pointer; PNG and Newick export; all 3180 probes cluster while a requestAnimationFrame
 * loop keeps running. No request leaves the origin; no page error.
 */
describe('clustering heatmap of the demo arrays', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;
  let ex: ReturnType<typeof expected>;
  /** The probes sent to the Targets view. */
  let sent: string[] = [];

  beforeAll(async () => {
    ex = expected();
    s = await openSession(baseUrl);
  });
  afterAll(async () => { await s?.close(); });

  it('opens the Clustering tab with the defaults: the 171 DE probes, 1 − Pearson, average linkage', async () => {
    const { page } = s;
    await page.goto(baseUrl);
    await page.getByTestId('open-demo').click();
    await page.getByTestId('grid-count').filter({ hasText: '204 patients' }).waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Clustering' }).click();
    await page.getByTestId('cluster-time').waitFor({ timeout: 60_000 });
    expect(ex.probes).toHaveLength(ex.up + ex.down);
    expect(await page.getByTestId('rows-source').inputValue()).toBe('de');
    expect(await page.getByTestId('distance').inputValue()).toBe('pearson');
    expect(await page.getByTestId('linkage').inputValue()).toBe('average');
    expect(await page.getByTestId('zscore').isChecked()).toBe(true);
    const card = page.getByTestId('heatmap-card');
    expect(await card.getAttribute('data-rows')).toBe(String(ex.probes.length));
    expect(await card.getAttribute('data-cols')).toBe('6');
    expect((await page.getByTestId('heatmap-title').textContent())?.trim()).toBe(`Heatmap of the ${ex.probes.length} differentially expressed probes`);
    expect(await page.getByTestId('array-label').allTextContents()).toEqual(Array.from(ex.colTree.order, (o) => ex.arrays[o - 1]));
  });

  it('draws the cells and both dendrograms (non-blank canvas pixels in each region)', async () => {
    const { page } = s;
    await page.waitForTimeout(100); // one animation frame for the draw
    const { L } = await geometry(page);
    const cells = await inked(page, L.cellsL, L.cellsT, L.cellsW, L.cellsH);
    expect(cells / (L.cellsW * L.cellsH)).toBeGreaterThan(0.3); // z-scores near 0 are near-white
    expect(await inked(page, L.dendroL, L.cellsT, L.dendroR - L.dendroL, L.cellsH)).toBeGreaterThan(200);
    expect(await inked(page, L.cellsL, 0, L.cellsW, L.colDendroB)).toBeGreaterThan(50);
    expect(await inked(page, L.cellsL, L.groupT, L.cellsW, 10)).toBeGreaterThan(100); // group bar
    await s.shot('60-clustering-demo');
  });

  it('cut at k = 2: the cluster sizes are Node’s cutree (83 up, 88 down)', async () => {
    const { page } = s;
    await page.getByTestId('cut-k').fill('2');
    await page.getByTestId('cut-k').press('Tab');
    await page.getByTestId('cluster-size').first().waitFor();
    const sizes = await page.getByTestId('cluster-size').evaluateAll((rows) => rows.map((r) => [Number(r.getAttribute('data-cluster')), Number(r.getAttribute('data-size'))]));
    const node = cutree(ex.tree, 2);
    const nodeSizes = [1, 2].map((c) => node.filter((x) => x === c).length);
    expect(sizes.sort()).toEqual([[1, nodeSizes[0]], [2, nodeSizes[1]]]);
    expect([...nodeSizes].sort()).toEqual([ex.up, ex.down].sort());
    // the cluster column is drawn
    const { L } = await geometry(page);
    expect(await inked(page, L.cellsL + L.cellsW + 3, L.cellsT, 10, L.cellsH)).toBeGreaterThan(100);
    await s.shot('61-clustering-k2');
  });

  it('the ordered matrix lists the probes top to bottom in Node’s dendrogram order', async () => {
    const { page } = s;
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('matrix-export').getByTestId('export-csv').click()]);
    const lines = readFileSync((await csv.path())!, 'utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe(['Probe', 'Cluster (k = 2)', ...Array.from(ex.colTree.order, (o) => ex.arrays[o - 1])].join(','));
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(Array.from(ex.tree.order, (o) => ex.probes[o - 1]));
  });

  it('clicking beside a branch of the probe tree selects the subtree below it and lists its probes', async () => {
    const { page } = s;
    const d = layoutDendrogram(ex.tree);
    const g = await geometry(page);
    // the page's tree is Node's: same positions, heights equal to 1e-9 relative (the worker reads the
    // GPR files through the study's own read-out, which may differ in the last bits)
    expect(g.rowX).toEqual(Array.from(d.x));
    g.rowH.forEach((h, t) => expect(Math.abs(h - d.h[t])).toBeLessThanOrEqual(1e-9 * d.h[t]));
    // halfway across the tree, level with the 6th probe: beside the branch of the root's child holding it
    const root = d.n - 2;
    const child = [ex.tree.merge[2 * root], ex.tree.merge[2 * root + 1]].map((e) => e - 1).find((t) => t >= 0 && d.start[t] <= 5 && 5 < d.end[t])!;
    const x = (g.L.dendroL + g.L.dendroR) / 2;
    const y = g.L.cellsT + ((5.5 - g.v.r0) / g.v.rn) * g.L.cellsH;
    await page.mouse.move(g.left + x, g.top + y);
    await page.getByTestId('node-hover').waitFor();
    await page.mouse.click(g.left + x, g.top + y);
    const card = page.getByTestId('selection-card');
    await card.waitFor();
    expect(Number(await card.getAttribute('data-count'))).toBe(d.end[child] - d.start[child]);
    expect(await page.getByTestId('selected-probe').allTextContents()).toEqual(subtreeLabels(d, child));
    // with k = 2 that branch is one whole cluster
    expect([ex.up, ex.down]).toContain(d.end[child] - d.start[child]);
    await page.getByTestId('send-targets').click();
    await page.getByText(`${d.end[child] - d.start[child]} probes sent to the Targets view.`).waitFor();
    sent = subtreeLabels(d, child);
  });

  it('on the merge-order scale, clicking the bar of a small branch selects exactly it', async () => {
    const { page } = s;
    await page.getByTestId('tree-scale').selectOption('rank');
    const d = layoutDendrogram(ex.tree);
    const hs = drawnHeights(d, 'rank');
    // a branch of 10–40 probes
    let step = -1;
    for (let t = 0; t < d.n - 1; t++) { const n = d.end[t] - d.start[t]; if (n >= 10 && n <= 40 && (step < 0 || n > d.end[step] - d.start[step])) step = t; }
    expect(step).toBeGreaterThanOrEqual(0);
    await page.waitForTimeout(100);
    const g = await geometry(page);
    const x = g.L.dendroR - hs[step] * (g.L.dendroR - g.L.dendroL);
    const y = g.L.cellsT + ((d.x[step] - g.v.r0) / g.v.rn) * g.L.cellsH;
    await page.mouse.click(g.left + x, g.top + y);
    const card = page.getByTestId('selection-card');
    await card.and(page.locator(`[data-count="${d.end[step] - d.start[step]}"]`)).waitFor();
    expect(await page.getByTestId('selected-probe').allTextContents()).toEqual(subtreeLabels(d, step));
    await s.shot('62-clustering-selection');
    await page.getByTestId('tree-scale').selectOption('linear');
  });

  it('hovering a cell names its probe, array and value', async () => {
    const { page } = s;
    if (await page.getByTestId('zoom-reset').isEnabled()) await page.getByTestId('zoom-reset').click();
    const g = await geometry(page);
    const p = 17;
    const q = 4;
    const x = g.L.cellsL + ((q + 0.5 - g.v.c0) / g.v.cn) * g.L.cellsW;
    const y = g.L.cellsT + ((p + 0.5 - g.v.r0) / g.v.rn) * g.L.cellsH;
    await page.mouse.move(g.left + x, g.top + y);
    const probe = page.getByTestId('heatmap-readout').getByTestId('readout-probe');
    await probe.waitFor();
    expect((await probe.textContent())?.trim()).toBe(ex.probes[ex.tree.order[p] - 1]);
    expect((await page.getByTestId('heatmap-readout').getByTestId('readout-array').textContent())?.trim()).toBe(ex.arrays[ex.colTree.order[q] - 1]);
    await s.shot('63-clustering-hover');
  });

  it('zooms with the wheel until probe names appear; drag moves down the list', async () => {
    const { page } = s;
    const g = await geometry(page);
    await page.mouse.move(g.left + g.L.cellsL + 20, g.top + g.L.cellsT + 30);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -200);
    await page.getByTestId('probe-label').first().waitFor();
    const first = (await page.getByTestId('probe-label').first().textContent())?.trim();
    expect(Array.from(ex.tree.order, (o) => ex.probes[o - 1]).slice(0, 12)).toContain(first);
    const before = (await geometry(page)).v.r0;
    await page.mouse.down();
    await page.mouse.move(g.left + g.L.cellsL + 20, g.top + g.L.cellsT + 10, { steps: 4 });
    await page.mouse.up();
    expect((await geometry(page)).v.r0).toBeGreaterThan(before);
    await s.shot('64-clustering-zoomed');
    await page.getByTestId('zoom-reset').click();
  });

  it('exports the figure as PNG and the probe tree in Newick (the same tree as Node’s)', async () => {
    const { page } = s;
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figure-export').getByTestId('export-png').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    const bytes = readFileSync((await png.path())!);
    expect([...bytes.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(bytes.length).toBeGreaterThan(20_000);
    copyFileSync((await png.path())!, 'tests/e2e/__screenshots__/65-clustering-exported.png');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByTestId('figure-export').getByTestId('export-svg').click()]);
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText.match(/class="probe-label"/g)).toHaveLength(ex.probes.length);
    expect(svgText).toContain('class="cut-line"');
    const [nwk] = await Promise.all([page.waitForEvent('download'), page.getByTestId('newick-rows').click()]);
    expect(nwk.suggestedFilename()).toMatch(/\.nwk$/);
    const text = readFileSync((await nwk.path())!, 'utf8').trim();
    // the same topology and labels; branch lengths equal to 1e-9 of the tree's height
    const numbers = /:(-?[\d.e+-]+)/g;
    const nodeText = toNewick(ex.tree as Hclust);
    expect(text.replace(numbers, ':')).toBe(nodeText.replace(numbers, ':'));
    const a = [...text.matchAll(numbers)].map((m) => Number(m[1]));
    const b = [...nodeText.matchAll(numbers)].map((m) => Number(m[1]));
    expect(a).toHaveLength(2 * ex.probes.length - 2);
    a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThanOrEqual(1e-9 * ex.tree.height[ex.tree.n - 2]));
  });

  it('clusters all 3180 probes with the page staying responsive (no animation-frame gap > 200 ms)', async () => {
    const { page } = s;
    await page.evaluate(() => {
      const w = window as unknown as { gaps: number[]; longTasks: number[]; rafOn: boolean };
      w.gaps = [];
      w.longTasks = [];
      w.rafOn = true;
      let last = performance.now();
      const tick = (t: number) => { w.gaps.push(t - last); last = t; if (w.rafOn) requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
      try { new PerformanceObserver((l) => { for (const e of l.getEntries()) w.longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: false }); } catch { /* not supported */ }
    });
    await page.getByTestId('rows-source').selectOption('all');
    await page.getByTestId('heatmap-card').and(page.locator('[data-rows="3180"]')).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(300);
    const r = await page.evaluate(() => {
      const w = window as unknown as { gaps: number[]; longTasks: number[]; rafOn: boolean };
      w.rafOn = false;
      return { maxGap: Math.max(...w.gaps.slice(1)), frames: w.gaps.length, longTasks: w.longTasks };
    });
    console.log(`clustering 3180 probes: ${r.frames} frames, longest gap ${r.maxGap.toFixed(1)} ms, long tasks ${JSON.stringify(r.longTasks.map((x) => Math.round(x)))}, draw ${await page.locator('mmdr-heatmap').getAttribute('data-draw-ms')} ms, ${(await page.getByTestId('cluster-time').textContent())?.trim()}`);
    expect(r.frames).toBeGreaterThan(5);
    expect(r.maxGap).toBeLessThan(200);
    expect(await page.getByTestId('cluster-size').count()).toBe(2);
    await s.shot('66-clustering-all');
  });

  it('keeps its settings after a reload; the Targets view lists the branch sent to it', async () => {
    const { page } = s;
    await page.waitForTimeout(600); // settings are saved 300 ms after the last change
    await page.reload();
    await page.getByTestId('heatmap-card').and(page.locator('[data-rows="3180"]')).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('rows-source').inputValue()).toBe('all');
    expect(await page.getByTestId('cut-k').inputValue()).toBe('2');
    await page.getByRole('tab', { name: 'Targets & network' }).click();
    await expect.poll(() => page.getByTestId('mirna-list').inputValue(), { timeout: 30_000 }).toBe(sent.join('\n'));
    expect(await page.getByTestId('source-list').isChecked()).toBe(true);
  });

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});

/** A synthetic 20 000 × 12 log2 matrix (two groups of 6), seeded: eight row patterns, 10 % of probes shifted in group B. */
function bigMatrix(nRows = 20_000): string {
  let seed = 12345;
  const rnd = () => { seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0; return seed / 2 ** 32; };
  const patterns = Array.from({ length: 8 }, () => Array.from({ length: 12 }, () => rnd() * 2 - 1));
  const lines = ['probe,' + [...Array.from({ length: 6 }, (_, j) => `A${j + 1}`), ...Array.from({ length: 6 }, (_, j) => `B${j + 1}`)].join(',')];
  for (let i = 0; i < nRows; i++) {
    const level = 6 + 6 * rnd();
    const p = patterns[Math.floor(rnd() * 8)];
    const shift = i % 10 === 0 ? (i % 20 === 0 ? 1.5 : -1.5) : 0;
    const row = [`probe-${String(i + 1).padStart(5, '0')}`];
    for (let j = 0; j < 12; j++) row.push((level + p[j] + (j >= 6 ? shift : 0) + (rnd() - 0.5)).toFixed(3));
    lines.push(row.join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * 20 000 rows (SPEC §7, issue 6): a matrix file of 20 000 probes × 12 arrays in a new study;
 * clustering all probes shows its progress, stays responsive (animation frames keep coming),
 * can be cancelled (nothing kept), and when run again finishes within seconds.
 */
describe('clustering 20 000 probes', () => {
  const baseUrl = inject('baseUrl');
  let s: Session;

  beforeAll(async () => { s = await openSession(baseUrl); });
  afterAll(async () => { await s?.close(); });

  /**
   * Starts (true) or stops (false) watching the main thread: gaps between animation frames, and
   * long tasks (> 50 ms). p99Gap is reported too: on a loaded test machine (2 cores shared by
   * parallel test runs) the OS sometimes stalls the renderer for a frame or two, which says
   * nothing about the page.
   */
  async function rafWatch(page: Page, on: boolean) {
    return page.evaluate((start) => {
      const w = window as unknown as { gaps: number[]; rafOn: boolean; lts: number[]; ltObs?: PerformanceObserver };
      if (start) {
        w.gaps = [];
        w.lts = [];
        w.rafOn = true;
        let last = performance.now();
        const tick = (t: number) => { w.gaps.push(t - last); last = t; if (w.rafOn) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        w.ltObs = new PerformanceObserver((l) => { for (const e of l.getEntries()) w.lts.push(e.duration); });
        w.ltObs.observe({ type: 'longtask' });
        return { maxGap: 0, p99Gap: 0, frames: 0, longTasks: [] as number[] };
      }
      w.rafOn = false;
      w.ltObs?.disconnect();
      const gaps = w.gaps.slice(1).sort((a, b) => a - b);
      return {
        maxGap: gaps.length ? gaps[gaps.length - 1] : 0, p99Gap: gaps.length ? gaps[Math.floor(0.99 * (gaps.length - 1))] : 0,
        frames: w.gaps.length, longTasks: w.lts.map((x) => Math.round(x)),
      };
    }, on);
  }

  it('loads a 20 000 × 12 matrix into a new study and gives the arrays two groups', async () => {
    const { page } = s;
    await page.goto(`${baseUrl}#/`);
    await page.getByTestId('new-study').click();
    await page.getByLabel('Study name').fill('Twenty thousand probes');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('study-name').filter({ hasText: 'Twenty thousand probes' }).waitFor();
    await page.getByTestId('add-files').setInputFiles({ name: 'big_matrix.csv', mimeType: 'text/csv', buffer: Buffer.from(bigMatrix()) });
    await page.getByTestId('study-counts').filter({ hasText: '12 array files' }).waitFor({ timeout: 60_000 });
    await page.getByRole('tab', { name: 'Arrays' }).click();
    const inputs = page.locator('input.group');
    await inputs.first().waitFor();
    for (let j = 0; j < 12; j++) {
      await inputs.nth(j).fill(j < 6 ? 'A' : 'B');
      await inputs.nth(j).press('Tab');
      await page.getByTestId('arrays-summary').filter({ hasText: `${j < 6 ? 'A' : 'B'}: ${j < 6 ? j + 1 : j - 5}` }).waitFor();
    }
  });

  it('clusters all 20 000 probes with progress, the page responsive, and Cancel', async () => {
    const { page } = s;
    await page.getByRole('tab', { name: 'Clustering' }).click();
    await page.getByTestId('cluster-time').waitFor({ timeout: 60_000 }); // the DE list first
    await page.getByTestId('rows-source').selectOption('all');
    const progress = page.getByTestId('cluster-progress');
    await progress.and(page.locator('[data-phase^="rows:"]')).waitFor({ timeout: 30_000 });
    await rafWatch(page, true); // from here on the worker is computing distances
    await expect.poll(async () => Number(await progress.locator('progress').evaluate((p) => (p as HTMLProgressElement).value)), { timeout: 30_000 }).toBeGreaterThan(0);
    await page.waitForTimeout(500);
    const during = await rafWatch(page, false);
    console.log(`20 000 probes, while the worker clusters: ${during.frames} frames, longest gap ${during.maxGap.toFixed(1)} ms, 99th percentile ${during.p99Gap.toFixed(1)} ms, long tasks ${JSON.stringify(during.longTasks)} (phase ${await progress.getAttribute('data-phase')})`);
    expect(during.frames).toBeGreaterThan(5);
    expect(during.longTasks.filter((x) => x > 200)).toEqual([]);
    expect(during.p99Gap).toBeLessThan(200);
    await s.shot('67-clustering-20k-progress');
    await page.getByTestId('cluster-cancel').click();
    await page.getByTestId('cluster-cancelled').waitFor();
    expect(await page.getByTestId('cluster-progress').count()).toBe(0);
    expect(await page.getByTestId('heatmap-card').count()).toBe(0);
  }, 120_000);

  it('run again: finishes within seconds and draws 20 000 rows', async () => {
    const { page } = s;
    await rafWatch(page, true);
    const t0 = Date.now();
    await page.getByTestId('cluster-rerun').click();
    await page.getByTestId('heatmap-card').and(page.locator('[data-rows="20000"]')).waitFor({ timeout: 110_000 });
    const wall = Date.now() - t0;
    await page.waitForTimeout(300);
    const r = await rafWatch(page, false);
    const time = (await page.getByTestId('cluster-time').textContent())?.trim();
    console.log(`20 000 probes: ${time}; ${wall} ms from the click to the heatmap (array analysis included); ${r.frames} frames, longest gap ${r.maxGap.toFixed(1)} ms, 99th percentile ${r.p99Gap.toFixed(1)} ms, long tasks ${JSON.stringify(r.longTasks)}; draw ${await page.locator('mmdr-heatmap').getAttribute('data-draw-ms')} ms`);
    expect(r.longTasks.filter((x) => x > 200)).toEqual([]);
    expect(r.p99Gap).toBeLessThan(200);
    const { L } = await geometry(page);
    expect(await inked(page, L.cellsL, L.cellsT, L.cellsW, L.cellsH)).toBeGreaterThan(L.cellsW * L.cellsH * 0.3);
    await s.shot('68-clustering-20k');
  }, 120_000);

  it('made no request outside the page origin and raised no page error', () => {
    expect(s.offOrigin).toEqual([]);
    expect(s.pageErrors).toEqual([]);
  });
});
