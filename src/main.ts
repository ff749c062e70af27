import { preferredLocale, switchLocale } from './i18n/localization.ts';
import './views/app-shell.ts';

/** Entry point: pick the UI language, then mount the shell (index.html holds <mmdr-app>). */
void switchLocale(preferredLocale()).catch(() => { /* English stays */ });
