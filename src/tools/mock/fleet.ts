// Starts a Prism mock per chosen vendor (each on --port plus its redocly.yaml position) and
// stops them all on Ctrl-C. Ports are checked before anything is built or started, so a
// port in use costs one line, not a rebuild and a stack trace.
import { portOf, type MockOptions } from './options.js';
import type { MockServer } from './prism.js';
import { UsageError, type Vendor } from '../../spec/project.js';
import { listenProblem, probeListen } from '../network.js';

export interface RunningMock {
  vendor: Vendor;
  server: MockServer;
}

/** A problem the user fixes by choosing another port or host: printed as one line, exit 1. */
export class PortInUseError extends UsageError {}

/** Throws PortInUseError naming the first port that cannot be bound, what it is for, why, and the option that changes it. */
export async function checkPorts(
  options: Pick<MockOptions, 'vendors' | 'port' | 'host'>,
  extra: Array<{ port: number; what: string; option?: string }> = [],
): Promise<void> {
  const wanted = [...extra, ...options.vendors.map((vendor) => ({ port: portOf(options, vendor), what: `the ${vendor.name} mock`, option: '--port N' }))];
  for (const { port, what, option } of wanted) {
    const problem = await probeListen(port, options.host);
    if (problem) throw new PortInUseError(listenProblem(problem, options.host, port, what, option ?? '--port N'));
  }
}

/** Starts the chosen vendors' mocks with one redacted log line per request unless quiet. */
export async function startMockFleet(options: MockOptions): Promise<RunningMock[]> {
  // Prism loads here, not with the module: `mock --help`, a usage error or a port in use answer without it.
  const { startMock } = await import('./prism.js');
  const stateful = options.stateful ? await import('../stateful/server.js') : undefined;
  const width = Math.max(...options.vendors.map((v) => v.name.length));
  const started = await Promise.allSettled(
    options.vendors.map(async (vendor) => ({
      vendor,
      server: stateful
        ? await stateful.startStatefulMock(vendor, {
            port: portOf(options, vendor),
            host: options.host,
            requestLog: options.quiet ? undefined : process.stdout,
            label: vendor.name.padEnd(width),
            ...(options.seedData !== undefined ? { seedData: options.seedData } : {}),
            webhookUrls: options.webhookUrls ?? [],
          })
        : await startMock(vendor.bundlePath, {
        port: portOf(options, vendor),
        host: options.host,
        dynamic: options.dynamic,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        requestLog: options.quiet ? undefined : process.stdout,
        label: vendor.name.padEnd(width),
      }),
    })),
  );
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  const running = started.filter((s): s is PromiseFulfilledResult<RunningMock> => s.status === 'fulfilled').map((s) => s.value);
  if (failed) {
    await Promise.allSettled(running.map((m) => m.server.close()));
    // Prism's listen rejects with the message string only (the error code is lost).
    const message = String(failed.reason instanceof Error ? failed.reason.message : failed.reason);
    throw /EADDRINUSE/.test(message) ? new PortInUseError(`${message}: choose other ports with --port N.`) : failed.reason;
  }
  return running;
}

/** On Ctrl-C or SIGTERM: close every server, then exit. */
export function stopOnSignal(closers: Array<() => Promise<void>>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping ${closers.length} server(s)…`);
    await Promise.allSettled(closers.map((close) => close()));
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
