// The stateful mock: Prism's own server (routing, security, request validation, the
// sl-violations header, the request log: exactly as in static mode) with its mocker component
// replaced for the operations the resource model binds. A request that Prism finds invalid or
// unauthenticated, one with a `Prefer: code=…/example=…` header, and every static operation go
// to Prism's mocker unchanged. `/__mock/reset` and `/__mock/trigger/<event>` are answered before
// Prism routes anything.
import { statSync } from 'node:fs';
import type http from 'node:http';
import * as prismMocker from '@stoplight/prism-http/dist/mocker/index.js';
import { loadBundle } from '../../spec/openapi.js';
import type { Vendor } from '../../spec/project.js';
import type { MockOptions, MockServer } from '../mock/prism.js';
import { StatefulHandler } from './handler.js';
import { deriveModel, routeKey, type ResourceModel } from './model.js';
import { applySeedFile } from './seed.js';
import { documentedItems, MAX_ITEMS, Store } from './store.js';
import { WebhookHub, type Delivery } from './webhooks.js';

export interface StatefulOptions extends Omit<MockOptions, 'mocker' | 'intercept' | 'upstream' | 'dynamic' | 'seed'> {
  /** A YAML or JSON file of items per collection path, loaded over the documented examples (see seed.ts). */
  seedData?: string;
  /** Webhook receivers that get every documented event (besides subscriptions made through the API). */
  webhookUrls?: string[];
  /** Items a resource may hold (default MAX_ITEMS). */
  maxItems?: number;
  /** Called after each webhook delivery attempt (tests, logs). */
  onDelivery?: (delivery: Delivery) => void;
  /** Where delivery failures and off-spec answers are reported (default stderr). */
  errorLog?: NodeJS.WritableStream;
}

export interface StatefulMockServer extends MockServer {
  model: ResourceModel;
  /** This mock's items (its own: no two mocks share one). */
  store: Store;
  /** Back to the start state (documented examples and seed data); `POST /__mock/reset` does the same. */
  reset(): void;
  /** Delivers a documented webhook event to every subscriber; resolves with the attempts. */
  trigger(event: string, data?: unknown): Promise<Delivery[]>;
  /** Resolves when every delivery started so far has been attempted. */
  settled(): Promise<void>;
}

type PrismMock = (opts: { resource: { method: string; path: string }; input: { data: PrismInput; validations: Array<{ severity: number }> }; config: unknown }) => (logger: unknown) => unknown;
interface PrismInput {
  method: string;
  url: { path: string; query?: Record<string, string | string[]> };
  headers?: Record<string, string | string[] | undefined>;
  body?: unknown;
}

const prismMock = ((prismMocker as unknown as { default: { default?: PrismMock } & PrismMock }).default.default ??
  (prismMocker as unknown as { default: PrismMock }).default) as PrismMock;

const models = new Map<string, { version: string; model: ResourceModel }>();
/** The resource model of a bundle, derived once per version of the file (models are read-only; stores are per mock). */
export function modelOf(bundlePath: string): ResourceModel {
  const { mtimeMs, size } = statSync(bundlePath);
  const version = `${mtimeMs}:${size}`;
  const hit = models.get(bundlePath);
  if (hit?.version === version) return hit.model;
  const model = deriveModel(loadBundle(bundlePath));
  models.set(bundlePath, { version, model });
  return model;
}

export async function startStatefulMock(vendor: Vendor, options: StatefulOptions = {}): Promise<StatefulMockServer> {
  const model = modelOf(vendor.bundlePath);
  const start = documentedItems(model);
  const initial = options.seedData ? applySeedFile(options.seedData, model, start) : start;
  const store = new Store(model, initial, options.maxItems ?? MAX_ITEMS);
  const handler = new StatefulHandler(model, store);
  const errors = options.errorLog ?? process.stderr;
  handler.onBug = (message) => void errors.write(`${options.label ?? vendor.name} ${message}\n`);
  const hub = new WebhookHub(vendor, model, store, {
    urls: options.webhookUrls ?? [],
    log: (line) => void errors.write(`${options.label ?? vendor.name} ${line}\n`),
    ...(options.onDelivery ? { onDelivery: options.onDelivery } : {}),
  });
  handler.onChange = (change) => hub.onChange(change);

  const mocker: PrismMock = (opts) => (logger) => {
    const { resource, input } = opts;
    const bindings = model.byRoute.get(routeKey(resource.method, resource.path));
    // A create whose request branches create different resources: the branch the body matches.
    const binding = bindings && (bindings.length === 1 ? bindings[0] : bindings.find((b) => !b.requestBranch || model.schemas.valid(b.requestBranch, input.data.body)));
    const prefer = header(input.data.headers, 'prefer');
    if (!binding || input.validations.some((v) => v.severity === 0) || (prefer && /\b(code|example)=/.test(prefer))) return prismMock(opts)(logger);
    const response = handler.handle(binding, {
      method: input.data.method,
      path: input.data.url.path,
      query: input.data.url.query ?? {},
      body: input.data.body,
      origin: `http://${header(input.data.headers, 'host') ?? '127.0.0.1'}`,
    });
    // Prism's mocker answers an fp-ts Either; this is its Right.
    return { _tag: 'Right', right: response };
  };

  const intercept = (req: http.IncomingMessage, res: http.ServerResponse): boolean => {
    const url = new URL(req.url ?? '/', 'http://mock');
    if (!url.pathname.startsWith('/__mock/')) return false;
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST') {
      reply(405, { error: `${req.method} ${url.pathname}: the mock's own endpoints take POST` });
      return true;
    }
    if (url.pathname === '/__mock/reset') {
      store.reset();
      reply(200, { reset: true });
      return true;
    }
    const trigger = /^\/__mock\/trigger\/(.+)$/.exec(url.pathname);
    if (trigger) {
      readBody(req).then(
        async (text) => {
          let data: unknown;
          try {
            data = text ? JSON.parse(text) : undefined;
          } catch {
            return reply(400, { error: 'the trigger body must be JSON (the event payload, or nothing for the documented one)' });
          }
          try {
            const deliveries = await hub.trigger(decodeURIComponent(trigger[1]!), data);
            reply(200, { event: decodeURIComponent(trigger[1]!), deliveries: deliveries.map(({ url: to, status, error }) => ({ url: to, status, ...(error ? { error } : {}) })) });
          } catch (error) {
            reply(400, { error: (error as Error).message });
          }
        },
        () => reply(400, { error: 'could not read the request body' }),
      );
      return true;
    }
    reply(404, { error: `${url.pathname}: the mock's endpoints are POST /__mock/reset and POST /__mock/trigger/<event>` });
    return true;
  };

  const { startMock } = await import('../mock/prism.js');
  const server = await startMock(vendor.bundlePath, { ...options, mocker, intercept });
  return {
    ...server,
    model,
    store,
    reset: () => store.reset(),
    trigger: (event, data) => hub.trigger(event, data),
    settled: () => hub.settled(),
    close: async () => {
      await hub.settled();
      await server.close();
    },
  };
}

function header(headers: PrismInput['headers'], name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
