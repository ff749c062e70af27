import { html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import type { StudyTab } from '../app/router.ts';
import { setArrayGroups } from '../study/array-sources.ts';
import './cohort-view.ts';
import './tables-view.ts';
import './array-list.ts';
import './expression-view.ts';
import './clustering-view.ts';
import './survival-view.ts';
import './exosome-view.ts';
import './targets-view.ts';
import './report-view.ts';

/** What a study view gets: the study, and a way to save a changed copy of it. */
export interface StudyViewContext {
  study: StudyRecord;
  /** Persists an updated study (settings, results, groups) and re-renders every view with it. */
  save(next: StudyRecord): Promise<void>;
}

/** One tab of the study page. */
export interface StudyView {
  id: StudyTab;
  label(): string;
  render(ctx: StudyViewContext): TemplateResult;
}

/**
 * The study page's views, in tab order. A new analysis view adds its id to STUDY_TABS
 * (src/app/router.ts) and one entry here; the navigation shows only what is registered.
 */
export const STUDY_VIEWS: StudyView[] = [
  {
    id: 'cohort',
    label: () => msg('Cohort', { id: 'tab.cohort' }),
    render: ({ study, save }) => html`<mmdr-cohort-view .study=${study} .save=${save}></mmdr-cohort-view>`,
  },
  {
    id: 'tables',
    label: () => msg('Tables', { id: 'tab.tables' }),
    render: ({ study, save }) => html`<mmdr-tables-view .study=${study} .save=${save}></mmdr-tables-view>`,
  },
  {
    id: 'arrays',
    label: () => msg('Arrays', { id: 'tab.arrays' }),
    render: ({ study, save }) => html`<mmdr-array-list .arrays=${study.arrays} .settings=${study.settings?.arrays}
      @groups-change=${(e: CustomEvent<{ groups: Record<string, string> }>) => save({ ...study, arrays: setArrayGroups(study.arrays, e.detail.groups) })}></mmdr-array-list>`,
  },
  {
    id: 'expression',
    label: () => msg('Expression', { id: 'tab.expression' }),
    render: ({ study, save }) => html`<mmdr-expression-view .study=${study} .save=${save}></mmdr-expression-view>`,
  },
  {
    id: 'clustering',
    label: () => msg('Clustering', { id: 'tab.clustering' }),
    render: ({ study, save }) => html`<mmdr-clustering-view .study=${study} .save=${save}></mmdr-clustering-view>`,
  },
  {
    id: 'survival',
    label: () => msg('Survival', { id: 'tab.survival' }),
    render: ({ study, save }) => html`<mmdr-survival-view .study=${study} .save=${save}></mmdr-survival-view>`,
  },
  {
    id: 'exosome',
    label: () => msg('Exosome QC', { id: 'tab.exosome' }),
    render: ({ study, save }) => html`<mmdr-exosome-view .study=${study} .save=${save}></mmdr-exosome-view>`,
  },
  {
    id: 'targets',
    label: () => msg('Targets & network', { id: 'tab.targets' }),
    render: ({ study, save }) => html`<mmdr-targets-view .study=${study} .save=${save}></mmdr-targets-view>`,
  },
  {
    id: 'report',
    label: () => msg('Report', { id: 'tab.report' }),
    render: ({ study, save }) => html`<mmdr-report-view .study=${study} .save=${save}></mmdr-report-view>`,
  },
];
