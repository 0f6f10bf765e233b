// `npm run bench -- --only=stateful` (section 10 of scripts/bench.ts): the stateful mock's costs.
//   a. a stateful read against a static read of the same operation and item (same process, alternating rounds)
//   b. a paged walk of 1,000 and 10,000 items per pagination style: time per item (linear = the same at both sizes)
//   c. memory after 10,000 creates through the API, against the documented bound
import v8 from 'node:v8';
import vm from 'node:vm';
import { credentialHeaders } from '../../src/client/auth.js';
import { loadGeneratedClient } from '../../src/spec/generated-client.js';
import { loadBundle, deref, type Doc } from '../../src/spec/openapi.js';
import { listVendors, type Vendor } from '../../src/spec/project.js';
import { sampleParams } from '../../src/spec/samples.js';
import { textTable } from '../../src/spec/vendor-summary.js';
import { startMock } from '../../src/tools/mock/prism.js';
import type { Resource } from '../../src/tools/stateful/model.js';
import { modelOf, startStatefulMock } from '../../src/tools/stateful/server.js';
import { documentedItems, MAX_ITEMS } from '../../src/tools/stateful/store.js';
import { compareCallers, elapsed, measureRps } from './load.js';

/** The documented bound (docs/benchmarks.md, docs/ARCHITECTURE.md): heap growth for one resource holding MAX_ITEMS items. */
export const MEMORY_BOUND_MIB = 128;

async function credentials(vendor: Vendor) {
  const { descriptor, create } = await loadGeneratedClient(vendor);
  const values = Object.fromEntries(descriptor.auth.options.map((o) => [o, btoa('bench:bench')]));
  return { headers: credentialHeaders(descriptor.auth, values, 'bench'), client: (url: string) => create({ ...values, baseUrl: url, retry: false }) as never as BenchClient };
}
type BenchClient = {
  request(method: string, path: string, init?: object): Promise<{ data?: any; response: Response }>;
  pages(path: string, init?: object, walk?: object): AsyncGenerator<{ items: unknown[] }>;
};

function requestExample(doc: Doc, op: { operation: Doc }): unknown {
  const media = deref(doc, op.operation.requestBody)?.content?.['application/json'];
  const first = media?.examples ? Object.values(media.examples as Record<string, Doc>)[0] : undefined;
  return first ? deref(doc, first).value : {};
}

export async function statefulBench(quick: boolean): Promise<void> {
  const calls = quick ? 300 : 1000;
  // a. read cost
  const reads: string[][] = [];
  for (const vendor of listVendors()) {
    const model = modelOf(vendor.bundlePath);
    const resource = model.resources.find((r) => r.bindings.read && !r.parent && documentedItems(model).some((s) => s.resource === r));
    if (!resource) continue;
    const read = resource.bindings.read!;
    const item = documentedItems(model).find((s) => s.resource === resource)!;
    const path = read.op.key.replace(`{${read.idParam!.name}}`, encodeURIComponent(String(item.data[resource.idField])));
    const { headers } = await credentials(vendor);
    const [plain, stateful] = await Promise.all([startMock(vendor.bundlePath), startStatefulMock(vendor)]);
    try {
      const get = (url: string) => () => fetch(url + path, { headers }).then((r) => r.arrayBuffer());
      const [staticUs, statefulUs] = await compareCallers(get(plain.url), get(stateful.url), calls);
      reads.push([vendor.name, `GET ${read.op.key}`, staticUs.toFixed(0), statefulUs.toFixed(0), (statefulUs / staticUs).toFixed(2)]);
    } finally {
      await Promise.all([plain.close(), stateful.close()]);
    }
  }
  console.log(`10a. Stateful read against static read, same operation and documented item: ${calls} sequential GETs, median of 5 alternating rounds (goal: ratio ≤ 1.25)`);
  console.log(textTable(['vendor', 'operation', 'static µs', 'stateful µs', 'ratio'], reads));
  console.log();

  // b. paged walks
  const sizes = quick ? [1000, 5000] : [1000, 10_000];
  const walks: string[][] = [];
  const styles = new Set<string>();
  for (const vendor of listVendors()) {
    const model = modelOf(vendor.bundlePath);
    const doc = loadBundle(vendor.bundlePath);
    for (const resource of model.resources) {
      const list = resource.bindings.list;
      const style = list?.pagination?.style;
      if (!style || styles.has(style) || !resource.bindings.create || resource.parent) continue;
      styles.add(style);
      const row = [style, `${vendor.name} GET ${list.op.key}`];
      const perItem: number[] = [];
      for (const size of sizes) {
        const mock = await startStatefulMock(vendor);
        try {
          const { client } = await credentials(vendor);
          const c = client(mock.url);
          await c.request(resource.bindings.create!.op.method, resource.bindings.create!.op.key, { params: sampleParams(doc, resource.bindings.create!.op), body: requestExample(doc, resource.bindings.create!.op) });
          fill(mock.store, resource, mock.store.newest(resource)!.key, size);
          const p = list.pagination!;
          const sizeParam = 'limitParam' in p ? p.limitParam : 'perPageParam' in p ? p.perPageParam : undefined;
          const query = { ...sampleParams(doc, list.op).query, ...(sizeParam ? { [sizeParam]: 100 } : {}), ...(p.style === 'time' ? { [p.cursorParam]: new Date(Date.now() + 864e5).toISOString() } : {}) };
          let seen = 0;
          const seconds = await elapsed(async () => {
            for await (const page of c.pages(list.op.key, { params: { query } }, { maxPages: 100_000 })) seen += page.items.length;
          });
          if (seen < size) throw new Error(`${style}: walked ${seen} of ${size} items`);
          perItem.push((seconds / seen) * 1e6);
          row.push(`${(seconds * 1000).toFixed(0)} ms (${seen})`);
        } finally {
          await mock.close();
        }
      }
      row.push((perItem[1]! / perItem[0]!).toFixed(2));
      walks.push(row);
    }
  }
  console.log(`10b. Paged walk through the generated client's pages(), 100 a page (20 where the list takes no size): linear time means per-item ratio ≈ 1`);
  console.log(textTable(['style', 'list', ...sizes.map((s) => `${s} items`), `µs/item ${sizes[1]} / ${sizes[0]}`], walks));
  console.log();

  // c. memory after 10,000 creates through the API
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const target = listVendors()
    .map((vendor) => ({ vendor, model: modelOf(vendor.bundlePath) }))
    .flatMap(({ vendor, model }) => model.resources.filter((r) => r.bindings.create?.view && r.bindings.list && !r.parent).map((resource) => ({ vendor, resource })))[0]!;
  const doc = loadBundle(target.vendor.bundlePath);
  const creates = quick ? 2000 : MAX_ITEMS;
  const mock = await startStatefulMock(target.vendor);
  try {
    const { headers } = await credentials(target.vendor);
    const create = target.resource.bindings.create!;
    const body = JSON.stringify(requestExample(doc, create.op));
    const url = mock.url + create.op.key;
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    let failed = 0;
    const rps = await measureRps(
      () => fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body }).then((r) => (r.ok || failed++, r.arrayBuffer())),
      creates,
      16,
    );
    gc();
    const mib = (process.memoryUsage().heapUsed - heap0) / 2 ** 20;
    const full = await fetch(url, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body });
    console.log(`10c. Memory: ${creates} creates through the API (${target.vendor.name} ${create.op.method.toUpperCase()} ${create.op.key}, ${rps.toFixed(0)} creates/s, ${failed} failed)`);
    console.log(
      textTable(
        ['items', 'heap growth MiB', 'KiB/item', `bound (${MAX_ITEMS} items)`, 'within', `create #${creates + 1}`],
        [[String(mock.store.count(target.resource)), mib.toFixed(1), ((mib * 1024) / creates).toFixed(2), `${MEMORY_BOUND_MIB} MiB`, mib <= (MEMORY_BOUND_MIB * creates) / MAX_ITEMS ? 'yes' : 'NO', creates === MAX_ITEMS ? String(full.status) : '(quick: cap not reached)']],
      ),
    );
    console.log();
  } finally {
    await mock.close();
  }
}

/** `size` items in a resource's store, copies of a created one with fresh ids (and times, for time cursors). */
function fill(store: import('../../src/tools/stateful/store.js').Store, resource: Resource, createdKey: string, size: number): void {
  const created = store.get(resource, '', createdKey)!;
  for (let i = store.count(resource); i < size; i++) {
    const data = structuredClone(created.data);
    data[resource.idField] = store.newId(resource);
    const cursor = resource.bindings.list?.pagination;
    if (cursor?.style === 'time') data[cursor.cursorFrom] = store.now();
    store.insert(resource, '', data);
  }
}
