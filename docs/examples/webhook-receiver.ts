// The README's webhook receiver, compiled by `npm run typecheck` and run by
// contract-tests/webhooks.test.ts against `vendor-apis webhook send`, so it stays true
// (imports are relative here; the README imports 'vendor-apis' and 'vendor-apis/groupboss').
import { createServer } from 'node:http';
import { WebhookValidationError } from '../../src/client/index.js';
import { parseGroupbossWebhook } from '../../generated/groupboss/index.js';

// Groupboss signs nothing: only a path that nobody else knows tells its deliveries apart.
// Register `https://your.host/webhooks/groupboss/<secret>` as the subscription's `target`.
const MAX_BODY_BYTES = 1024 * 1024; // a delivery is a few kB: refuse anything far larger

export const receiver = (port = Number(process.env.PORT ?? 3000), secret = process.env.GROUPBOSS_WEBHOOK_SECRET) => {
  // Never a known default: a receiver deployed without its secret would accept anyone's POST.
  if (!secret || secret.length < 16) throw new Error('Set GROUPBOSS_WEBHOOK_SECRET to a random string of 16+ characters (e.g. `openssl rand -hex 16`).');
  return createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== `/webhooks/groupboss/${secret}`) return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (!res.headersSent) res.writeHead(413, { connection: 'close' }).end(); // the rest is read and dropped
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      try {
        const event = parseGroupbossWebhook(Buffer.concat(chunks)); // typed payload
        console.log(`${event.webhook.event}: group ${event.information.name} (${event.information.id})`);
        res.writeHead(200).end(); // answer 2xx quickly; do slow work after
      } catch (error) {
        if (!(error instanceof WebhookValidationError)) return void res.writeHead(500).end();
        console.warn(error.message); // one line per violation, with its JSON path
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ violations: error.violations }));
      }
    });
  }).listen(port, '127.0.0.1');
};
