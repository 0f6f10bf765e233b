// Webhook deliveries as a vendor would send them: the spec's documented payload for one of
// its `webhooks` events, POSTed as JSON to a receiver (like `stripe trigger`). For testing a
// receiver locally; neither vendor documents a signature, so none is added.
import { listOperations, loadBundle, mediaExamples } from '../../spec/openapi.js';
import type { Vendor } from '../../spec/project.js';

export interface WebhookEvent {
  event: string;
  examples: Array<{ name: string; summary?: string; value: unknown }>;
}

export function listWebhookEvents(vendor: Vendor): WebhookEvent[] {
  const doc = loadBundle(vendor.bundlePath);
  return listOperations(doc, 'webhooks').map((op) => ({
    event: op.key,
    examples: mediaExamples(doc, op.operation.requestBody, `${op.pointer}/requestBody`).flatMap((m) =>
      m.examples.map((e) => ({ name: e.name, ...(e.summary ? { summary: String(e.summary) } : {}), value: e.value })),
    ),
  }));
}

export class WebhookUsageError extends Error {}

/** POSTs the documented payload; returns the receiver's status and body text. */
export async function sendWebhook(vendor: Vendor, event: string, url: string, options: { example?: string } = {}): Promise<{ status: number; body: string; example: string }> {
  const events = listWebhookEvents(vendor);
  const found = events.find((e) => e.event.toLowerCase() === event.toLowerCase());
  if (!found) {
    throw new WebhookUsageError(
      events.length
        ? `${vendor.name} has no webhook event "${event}"; its events: ${events.map((e) => e.event).join(', ')}.`
        : `${vendor.name} documents no webhooks.`,
    );
  }
  const example = options.example === undefined ? found.examples[0] : found.examples.find((e) => e.name === options.example);
  if (!example) {
    throw new WebhookUsageError(`${vendor.name} ${found.event} has no example "${options.example}"; its examples: ${found.examples.map((e) => e.name).join(', ')}.`);
  }
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new WebhookUsageError(`--to "${url}" is not an absolute http(s) URL.`);
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(example.value) });
  return { status: response.status, body: await response.text(), example: example.name };
}
