import wasmUrl from '../../build/kernels.wasm?url';
import { compileWasm } from './load-wasm.ts';

/**
 * Compiles the kernels of the normal build: build/kernels.wasm is a separate, cacheable file
 * (precached by the service worker) fetched relative to the worker chunk.
 *
 * The single-file build (vite.single.config.ts) swaps this module for kernel-module.single.ts,
 * which carries the wasm inline (a page from file:// cannot fetch it).
 */
export function loadKernelModule(): Promise<WebAssembly.Module> {
  return compileWasm(wasmUrl);
}
