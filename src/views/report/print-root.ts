/**
 * Printing the report from the app ("Print / PDF", and Chromium's page.pdf in the tests): the
 * report's HTML is copied into a root element of the document's own body, and a print stylesheet
 * hides everything else of the page — the app's header, tabs, settings, buttons, toasts — so the
 * printed pages are the report alone, with its page breaks and vector SVG figures
 * (src/report/html.ts REPORT_CSS). On screen the root is hidden (display and visibility, so it
 * never counts as visible text either). The report view fills it while it shows a report and
 * empties it when it goes away.
 */
import { REPORT_CSS } from '../../report/html.ts';

const ROOT_ID = 'mmdr-print-root';
const STYLE_ID = 'mmdr-print-style';

const PRINT_CSS = `
#${ROOT_ID} { display: none; visibility: hidden; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  html, body { background: #fff !important; margin: 0 !important; padding: 0 !important; }
  body > :not(#${ROOT_ID}) { display: none !important; }
  #${ROOT_ID} { display: block !important; visibility: visible !important; }
}
${REPORT_CSS}`;

/** Puts the report body (src/report/html.ts reportBodyHtml) into the print root, creating it on first use. */
export function setPrintContent(bodyHtml: string): void {
  if (!document.getElementById(STYLE_ID)) {
    const style = document.createElement('style');
    style.id = STYLE_ID;
    style.textContent = PRINT_CSS;
    document.head.append(style);
  }
  let root = document.getElementById(ROOT_ID);
  if (!root) {
    root = document.createElement('div');
    root.id = ROOT_ID;
    root.setAttribute('aria-hidden', 'true');
    document.body.append(root);
  }
  root.innerHTML = bodyHtml;
}

/** Removes the print root and its styles (the page prints as itself again). */
export function clearPrintContent(): void {
  document.getElementById(ROOT_ID)?.remove();
  document.getElementById(STYLE_ID)?.remove();
}
