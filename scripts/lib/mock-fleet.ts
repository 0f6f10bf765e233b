// Starts a Prism mock per vendor on its fixed port and stops them all on Ctrl-C.
import { startMock, type MockServer } from './prism.js';
import { HOST, mockPort } from './ports.js';
import { listVendors, type Vendor } from './project.js';

export interface RunningMock {
  vendor: Vendor;
  server: MockServer;
}

/** Starts the chosen vendors' mocks; each keeps the port of its position in redocly.yaml. */
export async function startMockFleet(chosen: Vendor[], logLevel: 'silent' | 'info' = 'info'): Promise<RunningMock[]> {
  const order = listVendors().map((v) => v.name);
  return Promise.all(
    chosen.map(async (vendor) => {
      const port = mockPort(order.indexOf(vendor.name));
      try {
        return { vendor, server: await startMock(vendor.bundlePath, { port, host: HOST, logLevel, label: vendor.name.padEnd(Math.max(...chosen.map((v) => v.name.length))) }) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new Error(`Port ${port} for ${vendor.name} is in use: stop whatever listens there (another \`npm run mock\`?) and retry.`);
        }
        throw error;
      }
    }),
  );
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
