import { css } from 'lit';

/** Styles every view adopts: buttons, tables, badges, focus rings. System fonts only (no requests). */
export const sharedStyles = css`
  :host { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; color: var(--ink, #1d2733); }
  h1, h2, h3 { font-weight: 600; margin: 0 0 .5rem; }
  h2 { font-size: 1.25rem; }
  h3 { font-size: 1.05rem; }
  p { margin: .25rem 0 .75rem; line-height: 1.45; }
  button, .button {
    font: inherit; font-size: .95rem; border-radius: 6px; border: 1px solid var(--line, #c6ceda);
    background: #fff; color: inherit; padding: .45rem .9rem; cursor: pointer; display: inline-flex; gap: .4rem; align-items: center;
  }
  button:hover { background: #f1f5fa; }
  button.primary { background: var(--accent, #1f5f99); border-color: var(--accent, #1f5f99); color: #fff; }
  button.primary:hover { background: #1a5185; }
  button.danger { color: #a4262c; border-color: #e3b4b6; }
  button.danger:hover { background: #fdf0f0; }
  button:disabled { opacity: .55; cursor: default; }
  button:focus-visible, a:focus-visible, [tabindex]:focus-visible, input:focus-visible, select:focus-visible {
    outline: 3px solid #7fb0e6; outline-offset: 1px;
  }
  input, select { font: inherit; padding: .35rem .5rem; border: 1px solid var(--line, #c6ceda); border-radius: 5px; background: #fff; }
  table { border-collapse: collapse; width: 100%; font-size: .92rem; }
  th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e4e8ee; vertical-align: top; }
  th { font-weight: 600; background: #f6f8fb; }
  td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
  .badge { display: inline-block; font-size: .75rem; padding: .05rem .45rem; border-radius: 999px; background: #fff3d6; color: #7a5300; border: 1px solid #f0d58a; vertical-align: middle; }
  .muted { color: #5b6778; }
  .card { background: #fff; border: 1px solid #dde3eb; border-radius: 10px; padding: 1rem 1.2rem; }
  .error { background: #fdf0f0; border: 1px solid #e3b4b6; color: #7d1d22; padding: .6rem .8rem; border-radius: 6px; }
  .row { display: flex; gap: .6rem; align-items: center; flex-wrap: wrap; }
  .spacer { flex: 1; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/**
 * The analysis views' common frame: a settings column of fieldsets beside the results. Each view
 * sets its own `.layout` column width (and the narrow-screen @media rule after it).
 */
export const analysisViewStyles = css`
  :host { display: block; }
  aside { display: flex; flex-direction: column; gap: .8rem; }
  fieldset { border: 1px solid #dde3eb; border-radius: 8px; padding: .5rem .8rem .7rem; margin: 0; background: #fff; }
  legend { font-weight: 600; padding: 0 .3rem; font-size: .95rem; }
  .field { display: flex; flex-direction: column; gap: .15rem; margin-top: .45rem; }
  .check { display: flex; gap: .4rem; align-items: flex-start; margin-top: .45rem; }
  .check input { margin-top: .2rem; }
  .two { display: grid; grid-template-columns: 1fr 1fr; gap: .5rem; }
`;
