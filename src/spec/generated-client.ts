// Loads a vendor's generated client module (generated/<vendor>/index.ts) and finds its
// descriptor and factory by name, so tests and the bench can drive any vendor's client.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from 'openapi-fetch';
import type { ClientOptionsBase, VendorDescriptor } from '../client/client.js';
import { UsageError, type Vendor } from './project.js';

/** This module is dist/src/spec/generated-client.js, not its TypeScript source. */
const RUNNING_COMPILED = import.meta.url.endsWith('.js');

export interface GeneratedClientModule {
  descriptor: VendorDescriptor;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(options: ClientOptionsBase & Record<string, unknown>): Client<any, `${string}/${string}`>;
}

/**
 * Imports generated/<vendor>/index.ts (or, with `built`, the compiled package file
 * dist/generated/<vendor>/index.js that users import) and finds its descriptor and factory
 * by the descriptor's name.
 */
export async function loadGeneratedClient(vendor: Vendor, options: { built?: boolean } = {}): Promise<GeneratedClientModule> {
  // Compiled code (the installed package, or `node dist/…` in a checkout) loads the compiled
  // client: Node cannot import the .ts beside it. Under tsx the .ts is the source of truth.
  const built = options.built ?? (RUNNING_COMPILED || !existsSync(path.join(vendor.generatedDir, 'index.ts')));
  const file = built
    ? path.join(path.dirname(path.dirname(vendor.generatedDir)), 'dist', 'generated', vendor.name, 'index.js')
    : path.join(vendor.generatedDir, 'index.ts');
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' || !String((error as Error).message).includes(file)) throw error;
    throw new UsageError(`The ${vendor.name} client ${file} does not exist: run \`npm run generate\` and \`npm run build\` (in a checkout) or reinstall the package.`);
  }
  const descriptor = mod[`${vendor.name}Api`] as VendorDescriptor | undefined;
  if (!descriptor) throw new Error(`generated/${vendor.name}/index.ts exports no ${vendor.name}Api descriptor`);
  const create = mod[descriptor.factory] as GeneratedClientModule['create'] | undefined;
  if (typeof create !== 'function') throw new Error(`generated/${vendor.name}/index.ts exports no ${descriptor.factory}()`);
  return { descriptor, create };
}
