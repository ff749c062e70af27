/**
 * What a report is made of (SPEC §5 Report, issue 8): every view lists the tables and figures it
 * can contribute for a study (src/report/providers/<view>.ts), each built on demand with the
 * study's saved settings by the same pure builders and worker tasks the view itself uses. A built
 * item is an ExportTable or an ExportFigure — the shapes every export of the workbench already
 * has — so a report shows exactly what the view would export.
 *
 * Nothing here touches the DOM or the page's worker: the computations go through a
 * {@link ReportEngine} (the page's WorkerBridge in the browser, src/report/engine-browser.ts; the
 * worker API called directly with the Node kernels in `mmdr report`, src/cli/cmd-report.ts), so the
 * same code builds the report in both.
 */
import type { ExportTable } from '../export/table.ts';
import type { StudyRecord } from '../study/model.ts';
import type { ExpressionSettings } from '../study/expression-settings.ts';
import type { ExpressionResult } from '../study/expression-analysis.ts';
import type { WorkbenchApi } from '../worker/workbench-api.ts';
import { survivalProvider } from './providers/survival.ts';
import { exosomeProvider } from './providers/exosome.ts';
import { expressionProvider } from './providers/expression.ts';
import { tablesProvider } from './providers/tables.ts';
import { clusteringProvider } from './providers/clustering.ts';
import { targetsProvider } from './providers/targets.ts';

import type { ExportFigure } from '../views/export-menu.ts';

export type { ExportFigure };

/** The views that can contribute to a report, in the study page's tab order. */
export type ReportViewId = 'tables' | 'expression' | 'clustering' | 'survival' | 'exosome' | 'targets';

type ApiArgs<K extends keyof WorkbenchApi> = WorkbenchApi[K] extends (...a: infer A) => unknown ? A : never;
type ApiResult<K extends keyof WorkbenchApi> = WorkbenchApi[K] extends (...a: never[]) => infer R ? Awaited<R> : never;

/** Where the report's computations run. */
export interface ReportEngine {
  /** One task of the analysis worker (WorkbenchApi), as the views call it. */
  call<K extends keyof WorkbenchApi>(method: K, args: ApiArgs<K>, opts?: { transfer?: Transferable[]; signal?: AbortSignal }): Promise<ApiResult<K>>;
  /** The study's array analysis under these settings (the Expression view's result; cached by the page). */
  expression(study: StudyRecord, settings: ExpressionSettings, signal?: AbortSignal): Promise<ExpressionResult>;
  /** The shared resources (target tables, GMT files) this engine has: the browser's; none in a study bundle. */
  resources?(): Promise<ReportResource[]>;
}

/** A shared resource as a report uses it (src/storage/resources.ts ResourceRecord). */
export interface ReportResource { id: string; kind: 'targets' | 'gmt'; name: string; bytes: ArrayBuffer; options: object; synthetic?: boolean }

/** Numbers the built items learned that the methods section states (filled while building; all optional). */
export interface MethodsFacts {
  survival?: { analysed: number; excluded: number; events: number; eligible: number };
  arrays?: { probes: number; arrays: number; selected: number | null; up: number; down: number; controlsLeftOut: number; pooled: boolean };
  clustering?: { rows: number; columns: number };
  enrichment?: { universe: number; targets: number; tested: number; skipped: number; targetsName: string; gmtName: string | null };
  exosome?: { samples: number; rnaSamples: number };
}

/** What building an item gets. */
export interface ReportContext {
  study: StudyRecord;
  engine: ReportEngine;
  /** The report's language ('en', 'zh-Hans'): worker tasks that return words get it. */
  lang: string;
  /** Intl locale of the report's language ('en-GB', 'zh-Hans-CN') for numbers and dates. */
  loc: string;
  /**
   * Every worker call goes through here: one computation per key and report build, shared by the
   * items of a view (a KM analysis for its plot and its table) and by the two passes of a build in
   * another language than the UI's (the numbers first, then the words with that language active).
   * Keys of calls whose result holds words include the language.
   */
  memo<T>(key: string, f: () => Promise<T>): Promise<T>;
  /** Filled by the providers with what the methods section may state. */
  facts: MethodsFacts;
  signal?: AbortSignal;
}

/** One table or figure a view can contribute. */
export interface ReportItem {
  /** Stable id, `<view>:<name>` (kept in study.settings.report). */
  id: string;
  view: ReportViewId;
  kind: 'table' | 'figure';
  /** Short name in the report's picker (localized). */
  title(): string;
  /** Builds it with the study's saved settings. Rejects with a localized message when it cannot. */
  build(cx: ReportContext): Promise<ExportTable | ExportFigure>;
}

/** A view's contribution: its name and the items it has for a study (cheap, synchronous: no analysis runs). */
export interface ReportProvider {
  view: ReportViewId;
  label(): string;
  items(study: StudyRecord): ReportItem[];
}

/** A built item. */
export type ReportContent = ExportTable | ExportFigure;

/** True for a built figure. */
export const isFigure = (c: ReportContent): c is ExportFigure => typeof (c as ExportFigure).svg === 'string';

/** The computations of a report build (see ReportContext.memo); reusable by a second pass. */
export type ReportMemo = Map<string, Promise<unknown>>;

/** A context for one report build: the given memo (or a fresh one), empty facts, the engine and the language. */
export function reportContext(study: StudyRecord, engine: ReportEngine, lang: string, loc: string, signal?: AbortSignal, memo: ReportMemo = new Map()): ReportContext {
  return {
    study, engine, lang, loc, signal, facts: {},
    memo<T>(key: string, f: () => Promise<T>): Promise<T> {
      let p = memo.get(key) as Promise<T> | undefined;
      if (!p) {
        p = f();
        memo.set(key, p);
        p.catch(() => memo.delete(key));
      }
      return p;
    },
  };
}

/** A built item, or why it could not be built (the report says so in its place). */
export type BuiltItem =
  | { item: ReportItem; ok: true; content: ReportContent }
  | { item: ReportItem; ok: false; error: string };

/**
 * Builds items in order (one at a time: the worker runs one task at a time anyway, and progress
 * reads naturally), yielding to the page between items unless told not to (a pass with another
 * language active must not let the page render in it). A failure of one item is kept as its
 * error; an abort stops everything.
 */
export async function buildItems(items: readonly ReportItem[], cx: ReportContext, onProgress?: (done: number, total: number) => void, yieldBetween = true): Promise<BuiltItem[]> {
  const out: BuiltItem[] = [];
  for (const item of items) {
    onProgress?.(out.length, items.length);
    // one item per task: the page stays responsive while a long report is laid out
    if (out.length && yieldBetween) await new Promise((r) => setTimeout(r, 0));
    if (cx.signal?.aborted) throw abortErr();
    try {
      out.push({ item, ok: true, content: await item.build(cx) });
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') throw e;
      out.push({ item, ok: false, error: String((e as Error)?.message ?? e) });
    }
  }
  onProgress?.(out.length, items.length);
  return out;
}

function abortErr(): Error {
  const e = new Error('The operation was aborted.');
  e.name = 'AbortError';
  return e;
}

// ── the registry ─────────────────────────────────────────────────────────────────────────────

/**
 * Every view's provider, in the study page's tab order. A view that can contribute to reports
 * adds one provider here (src/report/providers/<view>.ts).
 */
export const REPORT_PROVIDERS: readonly ReportProvider[] = [tablesProvider, expressionProvider, clusteringProvider, survivalProvider, exosomeProvider, targetsProvider];

/** Everything the study's views can contribute, in tab order ("everything in this study"). */
export function reportItems(study: StudyRecord): ReportItem[] {
  return REPORT_PROVIDERS.flatMap((p) => p.items(study));
}
