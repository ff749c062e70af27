import * as Comlink from 'comlink';

/** Progress of a long call: `done` of `total` units, plus an optional phase label. */
export interface Progress { done: number; total: number; phase?: string }

/** Options of one bridged call. */
export interface CallOptions {
  /** Aborting rejects the call with an AbortError; a running call terminates the worker. */
  signal?: AbortSignal;
  /** Called (asynchronously, from the worker) as the call progresses. */
  onProgress?: (p: Progress) => void;
  /** Buffers to transfer (not copy) to the worker. Each must be a whole buffer, not a view's parent. */
  transfer?: Transferable[];
}

/** The shape every worker API follows: each method may take a trailing progress callback. */
export type WorkerApi = Record<string, (...args: never[]) => unknown>;

type Job = { run: (remote: Comlink.Remote<WorkerApi>) => Promise<unknown>; signal?: AbortSignal; reject: (e: unknown) => void };

/** An AbortError as the platform raises it (DOMException where available). */
export function abortError(): Error {
  try { return new DOMException('The operation was aborted.', 'AbortError'); } catch { const e = new Error('The operation was aborted.'); e.name = 'AbortError'; return e; }
}

/**
 * Runs worker calls one at a time, in order (squoosh's WorkerBridge pattern).
 *
 * - The worker is created lazily by `factory` and re-created after a cancel or a crash.
 * - A call aborted while queued never starts; a call aborted while running terminates the worker
 *   (the only way to stop a tight wasm loop) and the next call gets a fresh worker.
 * - After `idleMs` without calls the worker is terminated to free its memory.
 */
export class WorkerBridge<Api extends object> {
  private worker: Worker | null = null;
  private remote: Comlink.Remote<Api> | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private pending = 0;

  constructor(private readonly factory: () => Worker, private readonly idleMs = 60_000) {}

  /** Calls `method` in the worker with `args` (a progress proxy is appended when onProgress is set). */
  call<K extends keyof Api>(
    method: K,
    args: Api[K] extends (...a: infer A) => unknown ? A : never,
    opts: CallOptions = {},
  ): Promise<Api[K] extends (...a: never[]) => infer R ? Awaited<R> : never> {
    const { signal, onProgress, transfer } = opts;
    if (signal?.aborted) return Promise.reject(abortError());
    this.pending += 1;
    this.clearIdle();
    const result = new Promise<unknown>((resolve, reject) => {
      const job: Job = {
        signal,
        reject,
        run: async (remote) => {
          const fn = (remote as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method as string];
          const callArgs: unknown[] = [...(args as unknown[])];
          if (onProgress) callArgs.push(Comlink.proxy(onProgress));
          if (transfer?.length) callArgs[0] = Comlink.transfer(callArgs[0], transfer);
          return fn(...callArgs);
        },
      };
      this.tail = this.tail.then(() => this.runJob(job).then(resolve, reject));
    });
    return result.finally(() => {
      this.pending -= 1;
      if (this.pending === 0) this.armIdle();
    }) as never;
  }

  /** Terminates the worker now (pending calls get a fresh one). */
  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    this.remote = null;
  }

  private ensure(): Comlink.Remote<Api> {
    if (!this.remote) {
      this.worker = this.factory();
      this.remote = Comlink.wrap<Api>(this.worker);
    }
    return this.remote;
  }

  private async runJob(job: Job): Promise<unknown> {
    if (job.signal?.aborted) throw abortError();
    const remote = this.ensure() as unknown as Comlink.Remote<WorkerApi>;
    let onAbort: (() => void) | null = null;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => { this.terminate(); reject(abortError()); };
      job.signal?.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([job.run(remote), aborted]);
    } finally {
      if (onAbort) job.signal?.removeEventListener('abort', onAbort);
    }
  }

  private clearIdle() {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
  }

  private armIdle() {
    this.clearIdle();
    if (this.idleMs > 0 && typeof setTimeout === 'function') this.idleTimer = setTimeout(() => this.terminate(), this.idleMs);
  }
}
