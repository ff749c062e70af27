import type { StudyRecord } from '../study/model.ts';

/** Where a view's settings live: the study it shows and the page's save function. */
export interface SettingsHost {
  study?: StudyRecord | null;
  save?: ((next: StudyRecord) => Promise<void>) | null;
}

/**
 * Saves one view's settings into `study.settings[key]`, debounced: a burst of changes (typing a
 * number, dragging a slider) becomes one IndexedDB write. Saves run one after another so each is
 * based on the revision the previous one produced (see saveStudy's revision check), and a save
 * whose settings already match the stored ones is skipped. Storage errors are reported by the page.
 */
export class SettingsSaver<S> {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private pending: S | null = null;

  constructor(private readonly host: SettingsHost, private readonly key: string, private readonly delayMs = 300) {}

  /** Saves `settings` after `delayMs` unless another call replaces them first. */
  schedule(settings: S): void {
    this.pending = settings;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; void this.flush(); }, this.delayMs);
  }

  /** Writes any scheduled settings now; resolves when every save so far has finished. */
  flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    const s = this.pending;
    this.pending = null;
    if (s !== null) {
      this.chain = this.chain.then(async () => {
        const st = this.host.study;
        if (!st || !this.host.save) return;
        if (JSON.stringify(st.settings?.[this.key] ?? null) === JSON.stringify(s)) return;
        await this.host.save({ ...st, settings: { ...st.settings, [this.key]: s } });
        // let the page hand the saved record (new revision) back before the next save
        await new Promise((r) => setTimeout(r, 0));
      }).catch(() => { /* the page reports storage errors */ });
    }
    return this.chain;
  }
}
