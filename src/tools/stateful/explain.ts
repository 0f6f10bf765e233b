// `vendor-apis mock <vendor> --stateful --explain`: the resource model as text, each resource
// with its id field and the operation of each action, then every operation left static and why.
import type { Vendor } from '../../spec/project.js';
import { ACTIONS, type Binding, type ResourceModel } from './model.js';
import { modelOf } from './server.js';
import { DEFAULT_PAGE_SIZE, MAX_ITEMS, Store } from './store.js';
import { WebhookHub } from './webhooks.js';

/** `--explain` for one vendor: its model and its webhooks. */
export function explainVendor(vendor: Vendor): string {
  const model = modelOf(vendor.bundlePath);
  const hub = new WebhookHub(vendor, model, new Store(model, []), { urls: [], log: () => undefined });
  const webhooks = hub.describe();
  return explainModel(vendor.name, model) + (webhooks.length ? `\n\n${webhooks.join('\n')}` : '');
}

export function statefulCounts(model: ResourceModel): { stateful: number; operations: number; resources: number } {
  return { stateful: model.byRoute.size, operations: model.operations, resources: model.resources.length };
}

export function explainModel(vendor: string, model: ResourceModel, maxItems = MAX_ITEMS): string {
  const { stateful, operations, resources } = statefulCounts(model);
  const lines = [`${vendor}: ${stateful} of ${operations} operations stateful, ${resources} resource${resources === 1 ? '' : 's'} (at most ${maxItems} items each)`];
  for (const r of model.resources) {
    const idSchema = r.idSchemas.field[0] ? describeSchema(model, r.idSchemas.field[0]) : '?';
    lines.push('', `resource ${r.name}`, `  id: ${r.idField} (${idSchema})${r.idParam !== r.idField ? `, path parameter {${r.idParam}}` : ''}`);
    if (r.parent) lines.push(`  child of ${r.parent.resource.name} by {${r.parent.param}}: deleting the parent deletes its ${r.name.split('/').at(-1)}`);
    for (const action of ACTIONS) {
      const b = r.bindings[action];
      lines.push(`  ${action.padEnd(7)} ${b ? describeBinding(b) : '— (none documented)'}`);
    }
  }
  lines.push(
    '',
    'every answer: validated against the response schema first (500 naming the violations if it would not match); invalid requests and missing credentials: Prism, as without --stateful; a Prefer: code=…/example=… header: the documented example',
  );
  lines.push('', `static (${model.static.length}): answered by Prism from the documented examples, as without --stateful`);
  for (const s of model.static) lines.push(`  ${s.op.method.toUpperCase()} ${s.op.key} ${s.op.operationId}: ${s.reason}`);
  return lines.join('\n');
}

function describeBinding(b: Binding): string {
  const parts = [`${b.op.method.toUpperCase()} ${b.op.key} ${b.op.operationId} → ${b.status}${b.mediaType ? '' : ' (no body)'}`];
  if (b.how !== 'path pair') parts.push(`[${b.how}]`);
  if (b.requestBranch) parts.push(`[for a body of request branch ${Number(b.requestBranch.split('/').at(-1)) + 1}]`);
  if (b.idParam?.in === 'query') parts.push(`[ids in query ${b.idParam.name}]`);
  if (b.notFound) parts.push(b.notFound.documented ? `not found: ${b.notFound.status} as documented` : 'not found: 404 (the spec documents none)');
  if (b.action === 'list') {
    const p = b.pagination;
    parts.push(p ? `pages: ${p.style} (items "${p.items}"; ${DEFAULT_PAGE_SIZE} a page unless the request says)` : 'pages: none documented, every item in one answer');
    if (b.filters.length) parts.push(`filters: ${b.filters.map((f) => `${f.param} (${f.kind === 'equals' ? `${f.field} equals` : `${f.field} contains`})`).join(', ')}`);
    if (b.ignored.length) parts.push(`ignored: ${b.ignored.join(', ')}`);
  }
  return parts.join('  ');
}

function describeSchema(model: ResourceModel, pointer: string): string {
  const { node } = model.schemas.resolve(pointer);
  const type = Array.isArray(node.type) ? node.type.join('|') : String(node.type ?? 'any');
  return `${type}${node.format ? `, ${node.format}` : ''}${node.pattern ? `, /${node.pattern}/` : ''}`;
}
