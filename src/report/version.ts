/**
 * Which build of the workbench is running, for the report's methods and footer: the package
 * version, build date and commit that vite.config.ts puts into the build as VITE_APP_VERSION,
 * VITE_APP_BUILD_DATE and VITE_APP_COMMIT. Outside a Vite build (Node, tsx) they are absent and
 * the caller says what it knows (the CLI reads package.json).
 */
import type { SoftwareInfo } from './methods.ts';

/** The running build (in the browser). */
export function appSoftware(): SoftwareInfo {
  const env = import.meta.env as Record<string, string | undefined> | undefined;
  return {
    version: env?.VITE_APP_VERSION || 'dev',
    buildDate: env?.VITE_APP_BUILD_DATE || null,
    commit: env?.VITE_APP_COMMIT || null,
    runtime: 'browser',
  };
}
