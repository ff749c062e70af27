#!/usr/bin/env node
// The headless CLI (SPEC §6): the same TypeScript modules and wasm kernels as the app, run
// under Node through tsx so there is no separate build of the CLI to drift out of date.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
