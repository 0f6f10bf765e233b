// `--seed-data <file.yaml|json>` / `startMock(vendor, { stateful: true, seedData })`: your own
// start items. The file maps a collection path, as a client would call it, to a list of items:
//
//   /api/groups:                 # a top-level collection
//     - name: Sales team
//   /groups/1234/members:        # a sub-collection: the items of group 1234 (which must exist)
//     - first_name: Ada
//
// A listed collection starts with exactly these items instead of the documented examples. Each
// field must be a property of the resource's items and valid against its schema; missing fields
// are filled as for a create (id, uuids and date-times generated, the rest from the documented
// example). A bad file is rejected before the mock starts, naming the file, the item and the field.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { UsageError } from '../../spec/project.js';
import type { Resource, ResourceModel } from './model.js';
import { isObj, type Obj } from './schemas.js';
import type { StartItem } from './store.js';

export class SeedError extends UsageError {}

/** The start items with the file's collections in place of their documented ones. */
export function applySeedFile(file: string, model: ResourceModel, documented: StartItem[]): StartItem[] {
  const name = path.basename(file);
  let parsed: unknown;
  try {
    const text = readFileSync(file, 'utf8');
    parsed = /\.json$/i.test(file) ? JSON.parse(text) : YAML.parse(text);
  } catch (error) {
    throw new SeedError(`--seed-data ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message.split('\n')[0]}`);
  }
  if (!isObj(parsed)) throw new SeedError(`${name}: expected a map of collection paths (e.g. "${model.resources[0]?.name ?? '/items'}") to lists of items`);
  const problems: string[] = [];
  let start = [...documented];
  const generatedIds = new Map<Resource, number>();
  for (const [key, items] of Object.entries(parsed)) {
    const found = findCollection(model, key, start);
    if (typeof found === 'string') {
      problems.push(`${name}: ${key}: ${found}`);
      continue;
    }
    const { resource, parentKey } = found;
    if (!Array.isArray(items)) {
      problems.push(`${name}: ${key}: expected a list of items`);
      continue;
    }
    start = start.filter((s) => !(s.resource === resource && s.parentKey === parentKey));
    const known = new Map<string, string[]>();
    for (const view of resource.views) for (const [prop, pointer] of model.schemas.properties(view)) known.set(prop, [...(known.get(prop) ?? []), pointer]);
    items.forEach((item, i) => {
      const where = `${name}: ${key} item ${i + 1}`;
      if (!isObj(item)) return void problems.push(`${where}: expected an object`);
      let bad = false;
      for (const [field, value] of Object.entries(item)) {
        const pointers = known.get(field);
        if (!pointers) {
          problems.push(`${where}: field "${field}" is not a property of ${resource.name} items (known: ${[...known.keys()].join(', ')})`);
          bad = true;
        } else if (!pointers.some((p) => model.schemas.valid(p, value))) {
          const v = model.schemas.violations(pointers[0]!, value)[0];
          problems.push(`${where}: field "${field}"${v && v.path !== '$' ? ` at ${v.path.replace(/^\$/, field)}` : ''}: ${v?.message ?? 'invalid'}`);
          bad = true;
        }
      }
      if (bad) return;
      const data: Obj = structuredClone(item);
      if (data[resource.idField] === undefined) data[resource.idField] = nextId(model, resource, start, generatedIds);
      if (resource.parent) data[resource.parent.param] ??= parentKey;
      for (const binding of Object.values(resource.bindings)) {
        if (!binding.view) continue;
        const shaped = model.schemas.shape(binding.view, data, binding.itemTemplate);
        const v = model.schemas.violations(binding.view, shaped)[0];
        if (v) {
          problems.push(`${where}: as answered by ${binding.op.operationId}, ${v.path.replace(/^\$\.?/, '') || 'the item'}: ${v.message}`);
          return;
        }
      }
      if (start.some((s) => s.resource === resource && s.parentKey === parentKey && String(s.data[resource.idField]) === String(data[resource.idField]))) {
        return void problems.push(`${where}: field "${resource.idField}": ${String(data[resource.idField])} is already used by another item`);
      }
      start.push({ resource, parentKey, data });
    });
  }
  if (problems.length) throw new SeedError(`Rejected seed data:\n  ${problems.join('\n  ')}`);
  return start;
}

function findCollection(model: ResourceModel, key: string, start: StartItem[]): { resource: Resource; parentKey: string } | string {
  const wanted = key.replace(/\/+$/, '');
  for (const resource of model.resources) {
    const names = resource.name.match(/\{[^}]+\}/g)?.map((n) => n.slice(1, -1)) ?? [];
    const pattern = new RegExp(`^${resource.name.split(/\{[^}]+\}/).map((p) => p.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('([^/]+)')}$`);
    const match = pattern.exec(wanted);
    if (!match) continue;
    if (!resource.parent) return { resource, parentKey: '' };
    const parentKey = decodeURIComponent(match[names.indexOf(resource.parent.param) + 1] ?? '');
    const parent = resource.parent.resource;
    if (!start.some((s) => s.resource === parent && String(s.data[parent.idField]) === parentKey)) {
      return `no ${parent.name} item ${parentKey} to hold these items (seed it first, or use a documented one)`;
    }
    return { resource, parentKey };
  }
  return `not a stateful collection; the collections are: ${model.resources.map((r) => r.name).join(', ')}`;
}

function nextId(model: ResourceModel, resource: Resource, start: StartItem[], counters: Map<Resource, number>): unknown {
  const used = start.filter((s) => s.resource === resource).map((s) => Number(s.data[resource.idField])).filter(Number.isFinite);
  const next = Math.max(counters.get(resource) ?? 0, ...used, 0) + 1;
  counters.set(resource, next);
  const uuid = crypto.randomUUID();
  const fits = (value: unknown) =>
    resource.idSchemas.field.every((p) => model.schemas.valid(p, value)) && resource.idSchemas.params.every((p) => model.schemas.validParam(p, String(value)));
  return [next, uuid, uuid.replace(/-/g, ''), String(next)].find(fits) ?? uuid;
}
