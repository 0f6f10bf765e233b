// The README's webhook receiver, compiled by `npm run typecheck` and run by
// contract-tests/webhooks.test.ts against `vendor-apis webhook send`, so it stays true
// (imports are relative here; the README imports 'vendor-apis' and 'vendor-apis/groupboss').
import { createServer } from 'node:http';
import { WebhookValidationError } from '../../src/client/index.js';
import { parseGroupbossWebhook } from '../../generated/groupboss/index.js';

// Groupboss signs nothing: only a path that nobody else knows tells its deliveries apart.
// Register `https://your.host/webhooks/groupboss/<secret>` as the subscription's `target`.
const secret = process.env.GROUPBOSS_WEBHOOK_SECRET ?? 'change-me';

export const receiver = (port = Number(process.env.PORT ?? 3000)) =>
createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== `/webhooks/groupboss/${secret}`) return void res.writeHead(404).end();
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
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
