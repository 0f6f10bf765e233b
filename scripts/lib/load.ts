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
