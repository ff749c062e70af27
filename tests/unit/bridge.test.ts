import { describe, it, expect } from 'vitest';
import * as Comlink from 'comlink';
import { WorkerBridge } from '../../src/worker/bridge.ts';

/**
 * The bridge against an in-process stand-in for a Worker (a MessageChannel with Comlink exposed
 * on the far end): ordering, progress, cancellation while queued and while running, recovery.
 */
function fakeWorkerFactory(log: string[]) {
  let created = 0;
  const factory = () => {
    created += 1;
    const id = created;
    const { port1, port2 } = new MessageChannel();
    let alive = true;
    const api = {
      async echo(x: number) { log.push(`w${id}:echo${x}`); return x; },
      async slow(ms: number, onProgress?: (p: { done: number; total: number }) => void) {
        for (let i = 1; i <= 4; i++) {
          await new Promise((r) => setTimeout(r, ms / 4));
          if (!alive) return -1;
          await onProgress?.({ done: i, total: 4 });
        }
        log.push(`w${id}:slow`);
        return ms;
      },
      async fail() { throw new Error('bad input: cohort.csv, line 3'); },
    };
    Comlink.expose(api, port2);
    port1.start();
    const worker = {
      postMessage: (m: unknown, t?: Transferable[]) => port1.postMessage(m, t ?? []),
      addEventListener: port1.addEventListener.bind(port1),
      removeEventListener: port1.removeEventListener.bind(port1),
      terminate: () => { alive = false; log.push(`w${id}:terminated`); port1.close(); port2.close(); },
    } as unknown as Worker;
    return worker;
  };
  return { factory, created: () => created };
}

type Api = { echo(x: number): Promise<number>; slow(ms: number): Promise<number>; fail(): Promise<never> };

describe('WorkerBridge', () => {
  it('runs calls one at a time, in order', async () => {
    const log: string[] = [];
    const { factory } = fakeWorkerFactory(log);
    const b = new WorkerBridge<Api>(factory, 0);
    const r = await Promise.all([b.call('slow', [40]), b.call('echo', [1]), b.call('echo', [2])]);
    expect(r).toEqual([40, 1, 2]);
    expect(log).toEqual(['w1:slow', 'w1:echo1', 'w1:echo2']);
    b.terminate();
  });

  it('reports progress through the callback', async () => {
    const { factory } = fakeWorkerFactory([]);
    const b = new WorkerBridge<Api>(factory, 0);
    const seen: number[] = [];
    await b.call('slow', [20], { onProgress: (p) => seen.push(p.done) });
    expect(seen).toEqual([1, 2, 3, 4]);
    b.terminate();
  });

  it('cancels a running call by terminating the worker; the next call gets a fresh worker', async () => {
    const log: string[] = [];
    const { factory, created } = fakeWorkerFactory(log);
    const b = new WorkerBridge<Api>(factory, 0);
    const ac = new AbortController();
    const running = b.call('slow', [400], { signal: ac.signal });
    const queued = b.call('echo', [7]);
    setTimeout(() => ac.abort(), 30);
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(await queued).toBe(7);
    expect(created()).toBe(2);
    expect(log).toEqual(['w1:terminated', 'w2:echo7']);
    b.terminate();
  });

  it('drops a call aborted while queued without disturbing the running one', async () => {
    const log: string[] = [];
    const { factory, created } = fakeWorkerFactory(log);
    const b = new WorkerBridge<Api>(factory, 0);
    const ac = new AbortController();
    const first = b.call('slow', [40]);
    const second = b.call('echo', [9], { signal: ac.signal });
    ac.abort();
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    expect(await first).toBe(40);
    expect(created()).toBe(1);
    expect(log).toEqual(['w1:slow']);
    b.terminate();
  });

  it('rejects at once when the signal is already aborted', async () => {
    const { factory, created } = fakeWorkerFactory([]);
    const b = new WorkerBridge<Api>(factory, 0);
    await expect(b.call('echo', [1], { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(created()).toBe(0);
  });

  it('passes a worker error through with its message and keeps working', async () => {
    const { factory } = fakeWorkerFactory([]);
    const b = new WorkerBridge<Api>(factory, 0);
    await expect(b.call('fail', [])).rejects.toThrow('bad input: cohort.csv, line 3');
    expect(await b.call('echo', [3])).toBe(3);
    b.terminate();
  });

  it('terminates an idle worker after the idle time', async () => {
    const log: string[] = [];
    const { factory } = fakeWorkerFactory(log);
    const b = new WorkerBridge<Api>(factory, 20);
    await b.call('echo', [1]);
    await new Promise((r) => setTimeout(r, 60));
    expect(log).toEqual(['w1:echo1', 'w1:terminated']);
  });
});
