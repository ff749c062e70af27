/**
 * Hash routes, so the app works from any sub-path of a static host and from file:// alike.
 *   #/                      Studies
 *   #/study/<id>            a study, cohort tab
 *   #/study/<id>/<tab>      a study tab (cohort | arrays)
 */
export type Route =
  | { page: 'studies' }
  | { page: 'study'; id: string; tab: StudyTab };

/** Tabs of the study page that exist so far (navigation shows only what works). */
export const STUDY_TABS = ['cohort', 'tables', 'arrays', 'expression', 'clustering', 'survival', 'exosome', 'targets', 'report'] as const;
export type StudyTab = (typeof STUDY_TABS)[number];

/** Parses a location hash into a route (unknown hashes go to the Studies page). */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'study' && parts[1]) {
    const tab = (STUDY_TABS as readonly string[]).includes(parts[2]) ? (parts[2] as StudyTab) : 'cohort';
    return { page: 'study', id: parts[1], tab };
  }
  return { page: 'studies' };
}

/** The hash of a route. */
export function routeHash(r: Route): string {
  return r.page === 'studies' ? '#/' : `#/study/${encodeURIComponent(r.id)}/${r.tab}`;
}
