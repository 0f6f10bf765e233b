// `vendor-apis webhook list <vendor>` and `vendor-apis webhook send <vendor> <event> --to <url>
// [--example <name>] [--timeout <ms>]`: the documented payload of a webhook event, POSTed to a
// receiver (10 s deadline, redirects not followed). Exit 1 unless the receiver answers 2xx.
import { parseCommandLine, vendorOrUsage } from '../cli-args.js';
import { UsageError } from '../../spec/project.js';
import { textTable } from '../../spec/vendor-summary.js';
import { listWebhookEvents, sendWebhook, WEBHOOK_TIMEOUT_MS, WebhookDeliveryError, WebhookUsageError } from '../webhook/send.js';

const FLAGS = { to: { type: 'string' }, example: { type: 'string' }, timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

export async function webhookCommand(argv: string[], program: string): Promise<void> {
  const usage = `Usage: ${program} list <vendor> | ${program} send <vendor> <event> --to <url> [--example <name>] [--timeout <ms>]`;
  const parsed = parseCommandLine(argv, FLAGS, usage);
  const { values, positionals } = parsed;
  if (values.help) return void console.log(usage);
  const [action, name, event] = positionals;
  if (!name) throw new UsageError(`Name a vendor. ${usage}`, 2);
  const vendor = vendorOrUsage(name, usage);
  if (action === 'list' && positionals.length === 2) {
    const events = listWebhookEvents(vendor);
    if (!events.length) return void console.log(`${vendor.name} documents no webhooks.`);
    console.log(textTable(['event', 'examples'], events.map((e) => [e.event, e.examples.map((x) => `${x.name}${x.summary ? ` (${x.summary})` : ''}`).join(', ')])));
    return;
  }
  if (action !== 'send' || !event || positionals.length !== 3 || !values.to) throw new UsageError(usage, 2);
  const timeoutMs = values.timeout === undefined ? WEBHOOK_TIMEOUT_MS : Number(values.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout takes milliseconds (a positive integer), got "${values.timeout}". ${usage}`, 2);
  try {
    const result = await sendWebhook(vendor, event, values.to, { timeoutMs, ...(values.example === undefined ? {} : { example: values.example }) });
    console.log(`POST ${values.to} (${vendor.name} ${event}, example "${result.example}") → ${result.status}${result.body ? `: ${result.body.slice(0, 200)}` : ''}`);
    if (result.status < 200 || result.status >= 300) process.exitCode = 1;
  } catch (error) {
    if (error instanceof WebhookUsageError) throw new UsageError(error.message, 2);
    if (error instanceof WebhookDeliveryError) throw new UsageError(error.message, 1);
    throw error;
  }
}
