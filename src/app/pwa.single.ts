import type { ToastMessage } from '../views/app-toast.ts';

/**
 * Single-file build only (swapped in for pwa.ts by vite.single.config.ts): a page opened from
 * file:// has no service worker and no newer deployment to hear about, so there is nothing to watch.
 */
export function watchForUpdate(_show: (m: ToastMessage) => void, _checkEveryMs?: number): void {
  /* no service worker in the single-file build */
}
