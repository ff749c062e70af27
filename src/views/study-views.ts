import { html, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { StudyRecord } from '../study/model.ts';
import type { StudyTab } from '../app/router.ts';
import './cohort-grid.ts';
import './array-list.ts';
import './survival-view.ts';
import './exosome-view.ts';

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
    render: ({ study }) => html`<mmdr-cohort-grid .cohort=${study.cohort}></mmdr-cohort-grid>`,
  },
  {
    id: 'arrays',
    label: () => msg('Arrays', { id: 'tab.arrays' }),
    render: ({ study, save }) => html`<mmdr-array-list .arrays=${study.arrays}
      @group-change=${(e: CustomEvent<{ fileId: string; group: string }>) =>
        save({ ...study, arrays: study.arrays.map((a) => (a.fileId === e.detail.fileId ? { ...a, group: e.detail.group } : a)) })}></mmdr-array-list>`,
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
];
