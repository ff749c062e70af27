import wasmDataUrl from '../../build/kernels.wasm?url&inline';

/**
 * Single-file build only (swapped in for kernel-module.ts by vite.single.config.ts): the kernels'
 * wasm is inlined into the worker as a base64 data: URL (`?url&inline`) and decoded here, with no
 * fetch (nothing can be fetched from a file:// page, and the CSP's connect-src does not allow data:).
 */
export function loadKernelModule(): Promise<WebAssembly.Module> {
  try {
    return WebAssembly.compile(base64DataUrlBytes(wasmDataUrl));
  } catch (e) {
    return Promise.reject(e);
  }
}

/** The bytes of a `data:…;base64,…` URL (the URL is referenced once, so a minifier cannot copy it). */
function base64DataUrlBytes(url: string): Uint8Array<ArrayBuffer> {
  const [head, b64] = url.split(',', 2);
  if (!head.startsWith('data:') || !head.endsWith(';base64') || b64 === undefined) {
    throw new Error('the single-file build did not inline the kernels as base64');
  }
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}
