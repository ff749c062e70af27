import { LitElement, html, css, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { localized, msg, str } from '@lit/localize';
import type { StudyRecord } from '../../study/model.ts';
import { saveBlob, safeFileName } from '../../export/download.ts';
import { applyRecipe, makeRecipe, parseRecipe, recipeChanges, recipeJson, settingText, RECIPE_EXTENSION, type Recipe, type RecipeChange } from '../../report/recipe.ts';
import { appSoftware } from '../../report/version.ts';
import { sharedStyles } from '../shared-styles.ts';

/** Names of the settings groups a recipe carries (study.settings keys). */
function viewName(key: string): string {
  switch (key) {
    case 'dr': return msg('DR classification', { id: 'report.recipe.view.dr' });
    case 'tables': return msg('Tables', { id: 'report.recipe.view.tables' });
    case 'survival': return msg('Survival', { id: 'report.recipe.view.survival' });
    case 'exosome': return msg('Exosome QC', { id: 'report.recipe.view.exosome' });
    case 'arrays': return msg('Arrays and expression', { id: 'report.recipe.view.arrays' });
    case 'clustering': return msg('Clustering', { id: 'report.recipe.view.clustering' });
    case 'targets': return msg('Targets & network', { id: 'report.recipe.view.targets' });
    default: return key;
  }
}

/**
 * The study's analysis as a recipe (src/report/recipe.ts): save it as a small JSON file, or apply
 * one to this study — first a preview of every setting that would change (now → recipe), then
 * Apply, and Undo to go back to the settings before. Lives in the Report tab.
 */
@customElement('mmdr-report-recipe')
@localized()
export class ReportRecipe extends LitElement {
  static styles = [sharedStyles, css`
    :host { display: block; }
    .row { margin-top: .4rem; }
    button { padding: .3rem .7rem; font-size: .88rem; }
    .hint { font-size: .78rem; color: #5b6778; line-height: 1.35; margin: .3rem 0 0; }
    table { font-size: .78rem; margin-top: .4rem; }
    td, th { padding: .2rem .3rem; word-break: break-word; }
    .changes { max-height: 18rem; overflow: auto; border: 1px solid #e4e8ee; border-radius: 6px; margin-top: .4rem; }
    .ok { color: #1f6b3a; font-size: .85rem; }
  `];

  @property({ attribute: false }) study: StudyRecord | null = null;
  @property({ attribute: false }) save: ((next: StudyRecord) => Promise<void>) | null = null;

  @state() private _pending: { recipe: Recipe; fileName: string; changes: RecipeChange[] } | null = null;
  @state() private _error = '';
  @state() private _note = '';
  @state() private _undo: { studyId: string; settings: Record<string, unknown>; from: string } | null = null;

  render() {
    const st = this.study;
    if (!st) return nothing;
    const p = this._pending;
    return html`
      <p class="hint">${msg('A recipe holds this study\'s analysis settings (no data): apply it to another study to run the same analysis there, here or with mmdr report.', { id: 'report.recipe.hint' })}</p>
      <div class="row">
        <button data-testid="recipe-save" @click=${this._download}>${msg('Save recipe', { id: 'report.recipe.save' })}</button>
        <label class="button" for="recipe-file" style="padding:.3rem .7rem;font-size:.88rem">${msg('Apply a recipe…', { id: 'report.recipe.open' })}</label>
        <input id="recipe-file" class="sr-only" type="file" accept=".json,application/json" data-testid="recipe-file" @change=${this._picked}>
      </div>
      ${this._error ? html`<p class="error" role="alert" data-testid="recipe-error">${this._error}</p>` : nothing}
      ${this._note ? html`<p class="ok" role="status" data-testid="recipe-note">${this._note}
        ${this._undo && this._undo.studyId === st.id ? html` <button data-testid="recipe-undo" @click=${this._revert}>${msg('Undo', { id: 'report.recipe.undo' })}</button>` : nothing}</p>` : nothing}
      ${p ? html`<div data-testid="recipe-preview">
        <p class="hint">${p.changes.length
          ? msg(str`${p.changes.length} settings would change (recipe from ${p.recipe.from || p.fileName}):`, { id: 'report.recipe.changes' })
          : msg('The recipe holds the settings this study already has: nothing would change.', { id: 'report.recipe.noChanges' })}</p>
        ${p.changes.length ? html`<div class="changes"><table data-testid="recipe-changes">
          <thead><tr><th>${msg('Setting', { id: 'report.recipe.col.setting' })}</th><th>${msg('Now', { id: 'report.recipe.col.now' })}</th><th>${msg('Recipe', { id: 'report.recipe.col.recipe' })}</th></tr></thead>
          <tbody>${p.changes.map((c) => html`<tr><td>${viewName(c.view)} › <span data-user>${c.path}</span></td><td data-user>${settingText(c.from)}</td><td data-user>${settingText(c.to)}</td></tr>`)}</tbody>
        </table></div>` : nothing}
        <div class="row">
          <button class="primary" data-testid="recipe-apply" ?disabled=${!p.changes.length} @click=${this._apply}>${msg('Apply to this study', { id: 'report.recipe.apply' })}</button>
          <button data-testid="recipe-cancel" @click=${() => { this._pending = null; }}>${msg('Cancel', { id: 'report.recipe.cancel' })}</button>
        </div>
      </div>` : nothing}`;
  }

  private _download() {
    const st = this.study!;
    const r = makeRecipe(st, `mmdr ${appSoftware().version}`);
    saveBlob(new Blob([recipeJson(r)], { type: 'application/json' }), safeFileName(st.name, 'json').replace(/\.json$/, RECIPE_EXTENSION));
  }

  private async _picked(e: Event) {
    const input = e.target as HTMLInputElement;
    const f = input.files?.[0];
    input.value = '';
    if (!f || !this.study) return;
    this._error = '';
    this._note = '';
    try {
      const recipe = parseRecipe(await f.text(), f.name);
      this._pending = { recipe, fileName: f.name, changes: recipeChanges(this.study, recipe) };
    } catch (err) {
      this._pending = null;
      this._error = String((err as Error).message ?? err);
    }
  }

  private async _apply() {
    const st = this.study;
    const p = this._pending;
    if (!st || !p || !this.save) return;
    this._undo = { studyId: st.id, settings: st.settings, from: p.recipe.from || p.fileName };
    this._pending = null;
    await this.save(applyRecipe(st, p.recipe));
    this._note = msg(str`Applied ${p.changes.length} settings from the recipe.`, { id: 'report.recipe.applied' });
  }

  private async _revert() {
    const st = this.study;
    const u = this._undo;
    if (!st || !u || u.studyId !== st.id || !this.save) return;
    this._undo = null;
    await this.save({ ...st, settings: u.settings });
    this._note = msg('The settings before the recipe are back.', { id: 'report.recipe.undone' });
  }
}

declare global { interface HTMLElementTagNameMap { 'mmdr-report-recipe': ReportRecipe } }
