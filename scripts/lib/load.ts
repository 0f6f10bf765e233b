// A bounded closed-loop load generator for servers on 127.0.0.1: `concurrency` workers send
// requests back to back until `total` have completed. Returns requests per second.
export async function measureRps(send: () => Promise<unknown>, total: number, concurrency: number): Promise<number> {
  let started = 0;
  const worker = async () => {
    while (started < total) {
      started++;
      await send();
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return total / ((performance.now() - t0) / 1000);
}

/** Seconds one run of an async function takes. */
export async function elapsed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return (performance.now() - t0) / 1000;
}

export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * Microseconds per call of two callers doing the same work: each runs `calls` times
 * sequentially to warm up, then both are timed in alternating rounds so they share the
 * machine's noise; each one's median round counts.
 */
export async function compareCallers(first: () => Promise<unknown>, second: () => Promise<unknown>, calls: number, rounds = 5): Promise<[number, number]> {
  const sequential = async (fn: () => Promise<unknown>) => {
    for (let i = 0; i < calls; i++) await fn();
  };
  await sequential(first);
  await sequential(second);
  const a: number[] = [];
  const b: number[] = [];
  for (let round = 0; round < rounds; round++) {
    a.push(await elapsed(() => sequential(first)));
    b.push(await elapsed(() => sequential(second)));
  }
  return [(median(a) / calls) * 1e6, (median(b) / calls) * 1e6];
}
