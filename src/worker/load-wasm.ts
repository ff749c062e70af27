/**
 * Compiles the kernels' wasm in a browser context: streaming when the host sends
 * application/wasm, else from the bytes (some static hosts send the wrong MIME type; pitfall 10).
 */
export async function compileWasm(url: string): Promise<WebAssembly.Module> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load ${url}: HTTP ${res.status}`);
  if (WebAssembly.compileStreaming && (res.headers.get('content-type') ?? '').includes('application/wasm')) {
    try {
      return await WebAssembly.compileStreaming(res.clone());
    } catch { /* fall through to the byte path */ }
  }
  return WebAssembly.compile(await res.arrayBuffer());
}
