import { LitElement } from 'lit';
import type uPlot from 'uplot';

/**
 * What every uPlot chart element shares: the uPlot instance it owns, following the element's
 * width (a ResizeObserver) and destroyed when the element leaves the page. Subclasses create
 * `_u` in their own build step (after render, in the shadow root) and keep the height they chose.
 */
export abstract class UPlotHost extends LitElement {
  /** The chart, once built. */
  protected _u: uPlot | null = null;
  /** Narrowest width (CSS px) the chart is drawn at. */
  protected minWidth = 320;
  private _ro: ResizeObserver | null = null;

  connectedCallback(): void {
    super.connectedCallback();
    this._ro = new ResizeObserver(() => this._resize());
    this._ro.observe(this);
  }

  disconnectedCallback(): void {
    super.disconnectedCallback();
    this._ro?.disconnect();
    this._u?.destroy();
    this._u = null;
  }

  /** The width to draw at: the element's own, at least minWidth. */
  protected _width(): number {
    return Math.max(this.minWidth, Math.floor(this.getBoundingClientRect().width));
  }

  private _resize() {
    if (!this._u) return;
    const w = this._width();
    if (Math.abs(w - this._u.width) >= 1) this._u.setSize({ width: w, height: this._u.height });
  }
}
