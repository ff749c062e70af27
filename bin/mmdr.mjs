#!/usr/bin/env node
// The headless CLI (SPEC §6): the same TypeScript modules and wasm kernels as the app, run
// under Node through tsx so there is no separate build of the CLI to drift out of date.
import { tsImport } from 'tsx/esm/api';

// `mmdr … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e) => { if (e.code === 'EPIPE') process.exit(0); else throw e; });

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
