/**
 * A study's report from its saved choices (study.settings.report): which items, in which order,
 * with which captions, under which title — built through a {@link ReportEngine} into a
 * {@link ReportDoc} that src/report/html.ts turns into the page, the print and the saved file.
 * The browser (src/views/report-view.ts) and `mmdr report` (src/cli/cmd-report.ts) both call
 * {@link buildReport}, so a report made headless has the same numbers as the one in the app.
 */
import { msg, str } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import { buildItems, reportContext, reportItems, type BuiltItem, type MethodsFacts, type ReportEngine, type ReportItem, type ReportMemo, type ReportViewId } from './items.ts';
import { numberEntries, type ReportDoc } from './html.ts';
import { methodsSections, type SoftwareInfo } from './methods.ts';

/** One chosen item and the user's caption for it ('' or absent = the built title). */
export interface ReportChoice { id: string; caption?: string }

/** The report's own settings (study.settings.report): presentation, not analysis (never in a recipe). */
export interface ReportSettings {
  /** Chosen items in report order. */
  items: ReportChoice[];
  /** Title; '' = the default title. */
  title: string;
  /** Whether the methods section is included. */
  methods: boolean;
}

export const DEFAULT_REPORT_SETTINGS: Readonly<ReportSettings> = Object.freeze({ items: [], title: '', methods: true });

/** The saved report settings, read field by field (anything unreadable takes its default). */
export function reportSettings(study: Pick<StudyRecord, 'settings'>): ReportSettings {
  const r = (study.settings?.report && typeof study.settings.report === 'object' ? study.settings.report : {}) as Record<string, unknown>;
  const seen = new Set<string>();
  const items = Array.isArray(r.items)
    ? r.items.flatMap((x): ReportChoice[] => {
      const o = (x && typeof x === 'object' ? x : {}) as Record<string, unknown>;
      if (typeof o.id !== 'string' || seen.has(o.id)) return [];
      seen.add(o.id);
      return [{ id: o.id, ...(typeof o.caption === 'string' && o.caption.trim() ? { caption: o.caption.slice(0, 500) } : {}) }];
    })
    : [];
  return { items, title: typeof r.title === 'string' ? r.title.slice(0, 300) : '', methods: typeof r.methods === 'boolean' ? r.methods : true };
}

/** "everything in this study": every available item, in tab order, captions kept where the user set them. */
export function everything(study: StudyRecord, current: readonly ReportChoice[] = []): ReportChoice[] {
  const caption = new Map(current.map((c) => [c.id, c.caption]));
  return reportItems(study).map((i) => ({ id: i.id, ...(caption.get(i.id) ? { caption: caption.get(i.id) } : {}) }));
}

/** The chosen items that the study still offers, in the chosen order (unknown ids are dropped). */
export function chosenItems(study: StudyRecord, choices: readonly ReportChoice[]): ReportItem[] {
  const all = new Map(reportItems(study).map((i) => [i.id, i]));
  return choices.flatMap((c) => (all.has(c.id) ? [all.get(c.id)!] : []));
}

/** The default title of a report. */
export const defaultReportTitle = (): string => msg('Analysis report', { id: 'report.defaultTitle' });

/** The software line of a report ("Myeloma DR Workbench 0.1.0 (build of 2025-01-31, commit abc1234)"). */
export function softwareLine(sw: SoftwareInfo): string {
  const build = [sw.buildDate, sw.commit].filter(Boolean).join(', ');
  return build ? msg(str`Myeloma DR Workbench ${sw.version} (${build})`, { id: 'report.softwareBuild' }) : msg(str`Myeloma DR Workbench ${sw.version}`, { id: 'report.software' });
}

/** Options of {@link buildReport}. */
export interface BuildReportOptions {
  engine: ReportEngine;
  /** Intl locale of the report ('en-GB', 'zh-Hans-CN') and its html lang ('en', 'zh-Hans'); msg() must already speak it. */
  loc: string;
  lang: string;
  software: SoftwareInfo;
  /** What to include (default: the saved choices). */
  choices?: readonly ReportChoice[];
  title?: string;
  methods?: boolean;
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Yield to the page between items (default true; false while another language is active). */
  yieldBetween?: boolean;
  /** Computations of an earlier pass of this build (see ReportContext.memo). */
  memo?: ReportMemo;
  /** Items built before with the same study data, settings and language, and what they learned (the page keeps them while only the choice, order or captions change). */
  reuse?: { built: ReadonlyMap<string, BuiltItem>; facts: MethodsFacts };
}

/** What a build gives: the document, the built items and the facts they learned (for reuse). */
export interface BuiltReport { doc: ReportDoc; built: BuiltItem[]; facts: MethodsFacts }

/** Builds the report of a study (see the file header). */
export async function buildReport(study: StudyRecord, o: BuildReportOptions): Promise<BuiltReport> {
  const saved = reportSettings(study);
  const choices = o.choices ?? saved.items;
  const items = chosenItems(study, choices);
  const cx = reportContext(study, o.engine, o.lang, o.loc, o.signal, o.memo);
  Object.assign(cx.facts, o.reuse?.facts);
  const fresh = items.filter((i) => !o.reuse?.built.get(i.id)?.ok);
  const built = new Map((await buildItems(fresh, cx, o.onProgress, o.yieldBetween ?? true)).map((b) => [b.item.id, b]));
  const all = items.map((i) => built.get(i.id) ?? o.reuse!.built.get(i.id)!);
  const captions = Object.fromEntries(choices.map((c) => [c.id, c.caption]));
  const views: ReportViewId[] = [...new Set((items.length ? items : reportItems(study)).map((i) => i.view))];
  const withMethods = o.methods ?? saved.methods;
  const now = o.now ?? new Date();
  return {
    built: all,
    facts: cx.facts,
    doc: {
      title: (o.title ?? saved.title).trim() || defaultReportTitle(),
      studyName: study.name,
      synthetic: study.synthetic,
      date: new Intl.DateTimeFormat(o.loc, { dateStyle: 'long' }).format(now),
      lang: o.lang,
      loc: o.loc,
      entries: numberEntries(all, captions),
      methods: withMethods ? methodsSections(study, { loc: o.loc, software: o.software, views, facts: cx.facts }) : [],
      software: softwareLine(o.software),
    },
  };
}
