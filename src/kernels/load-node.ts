/**
 * Node-only loader for the kernels (tests, CLI, bench). Browsers and workers fetch the wasm via
 * Vite's `?url` import instead and call {@link Kernels.fromModule}.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Kernels } from './kernels.ts';

/** Which build: 'release' = build/kernels.wasm (optimised), 'debug' = build/kernels.debug.wasm. */
export type KernelBuild = 'release' | 'debug';

/** Absolute path of a kernels build, resolved from this file (src/kernels/ → repo root). */
export function kernelsWasmPath(which: KernelBuild = 'release'): string {
  const file = which === 'debug' ? 'kernels.debug.wasm' : 'kernels.wasm';
  return fileURLToPath(new URL(`../../build/${file}`, import.meta.url));
}

/** Compiles a kernels build from disk into a WebAssembly.Module (shareable with workers). */
export function loadKernelsModuleNode(which: KernelBuild = 'release'): WebAssembly.Module {
  const path = kernelsWasmPath(which);
  if (!existsSync(path)) {
    throw new Error(`kernels wasm not found at ${path}: run \`npm run asbuild\` (or \`npm run asbuild:${which}\`) first`);
  }
  return new WebAssembly.Module(readFileSync(path));
}

/** Loads and instantiates build/kernels.wasm (or the debug build) synchronously. */
export function loadKernelsNode(which: KernelBuild = 'release'): Kernels {
  return Kernels.fromModule(loadKernelsModuleNode(which));
}
