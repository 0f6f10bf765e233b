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

/** The delivery did not reach a receiver: no answer in time, a redirect, or no connection. One line, no stack. */
export class WebhookDeliveryError extends Error {}

/** Default deadline of one delivery (connection, answer and its body), in ms. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface SendOptions {
  example?: string;
  /** Deadline of the delivery, body included; default 10,000 ms. */
  timeoutMs?: number;
}

/**
 * POSTs a JSON body to a receiver under one deadline, and does not follow a redirect: a
 * receiver that redirects has not received the delivery (and a 302 would turn the POST into
 * a GET that "passes").
 */
export async function deliver(url: string, body: unknown, timeoutMs = WEBHOOK_TIMEOUT_MS): Promise<{ status: number; body: string }> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), redirect: 'manual', signal });
    const text = await response.text();
    if (response.status >= 300 && response.status < 400) {
      throw new WebhookDeliveryError(`POST ${url}: the receiver answered ${response.status} redirecting to ${response.headers.get('location') ?? '(no Location)'}; a redirect is not a delivery, so it was not followed.`);
    }
    return { status: response.status, body: text };
  } catch (error) {
    if (error instanceof WebhookDeliveryError) throw error;
    if (signal.aborted) throw new WebhookDeliveryError(`POST ${url}: no complete answer within ${timeoutMs} ms (raise it with --timeout).`);
    const cause = (error as Error & { cause?: Error & { code?: string } }).cause;
    throw new WebhookDeliveryError(`POST ${url}: no answer (${cause?.code ?? cause?.message ?? (error as Error).message}).`);
  }
}

/** POSTs the documented payload; returns the receiver's status and body text. */
export async function sendWebhook(vendor: Vendor, event: string, url: string, options: SendOptions = {}): Promise<{ status: number; body: string; example: string }> {
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
  const answer = await deliver(url, example.value, options.timeoutMs);
  return { ...answer, example: example.name };
}
