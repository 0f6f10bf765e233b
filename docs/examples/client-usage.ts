// The README's client examples, compiled by `npm run typecheck` so they stay true.
import { createGroupbossClient } from '../../generated/groupboss/index.js';
import { createFalkorClient } from '../../generated/falkor/index.js';
import { createGottaphishClient } from '../../generated/gottaphish/index.js';
import type { components } from '../../generated/groupboss/index.js';
type Group = components['schemas']['Group'];
export async function demo() {
const groupboss = createGroupbossClient({ apiKey: process.env.GROUPBOSS_API_KEY! });
const { data, error, response } = await groupboss.GET('/users/{user_uuid}/groups/', {
  params: { path: { user_uuid: '5dbc5fcc-e391-49b8-8c2b-459c00dde8bc' }, query: { name_contains: 'cool' } },
});
if (error) throw new Error(`Groupboss answered ${response.status}: ${JSON.stringify(error)}`);
for (const group of data.results) console.log(group.name, group.created_at);
const falkor = createFalkorClient({ token: process.env.FALKOR_TOKEN!, baseUrl: process.env.FALKOR_BASE_URL! }); // the doc names no host: yours, with /v1
await falkor.POST('/groups/manage', { body: { group: 'Sales', remove: ['old.user@example.com'] } });
const phish = createGottaphishClient({ apiKey: process.env.GOTTAPHISH_API_KEY!, baseUrl: 'https://phish.internal:3333' });
const { data: summaries } = await phish.GET('/api/groups/summary', {});
const csv = new Blob(['email,first_name,last_name,position\n'], { type: 'text/csv' });
await phish.POST('/api/import/group', {
  body: { file: csv as unknown as string },
  bodySerializer: (body) => {
    const form = new FormData();
    form.append('file', body.file as unknown as Blob, 'group.csv');
    return form;
  },
});
const g: Group | undefined = undefined; return [g, summaries];
}

// README › Pagination, and › Errors, retries and timeouts.
import { createMobilizeClient } from '../../generated/mobilize/index.js';
import { ApiError, NetworkError, TimeoutError } from '../../src/client/index.js';
export async function pagination(groupboss: ReturnType<typeof createGroupbossClient>) {
  for await (const user of groupboss.paginate('/users/')) console.log(user.email); // typed items

  const mobilize = createMobilizeClient({ apiKey: process.env.MOBILIZE_KEY!, apiSecret: process.env.MOBILIZE_SECRET! });
  for await (const page of mobilize.pages('/groups', { params: { query: { limit: 50 } } })) {
    console.log(page.items.length, page.response.status);
  }
  const firstHundred = [];
  for await (const user of mobilize.paginate('/users/', {}, { maxItems: 100 })) firstHundred.push(user);
  return firstHundred;
}
export async function errors(apiKey: string) {
  const strict = createGroupbossClient({ apiKey, throwOnError: true, timeoutMs: 10_000, retry: { retries: 3 } });
  try {
    const { data } = await strict.GET('/users/', {});
    console.log(data.count); // no `!`: with throwOnError: true, data is never undefined
    return data;
  } catch (error) {
    if (error instanceof ApiError) console.error(error.status, error.operation.path, error.violations, error.message);
    else if (error instanceof NetworkError) console.error(`no answer from ${error.url}`, error.cause);
    else if (error instanceof TimeoutError) console.error(`gave up after ${error.timeoutMs} ms`);
    else throw error;
  }
}
import { isGroupbossApiError } from '../../generated/groupboss/index.js';
export function typedErrorBody(error: unknown): string | undefined {
  if (isGroupbossApiError(error)) return error.body.detail;
  return undefined;
}

// README › The package: the test helpers (the README imports 'vendor-apis/testing').
import { sendWebhook, startMock } from '../../src/tools/testing.js';
export async function testHelpers() {
  const mock = await startMock('groupboss', { dynamic: true, seed: 1 }); // in-process Prism, ~20 ms
  const groupboss = createGroupbossClient({ apiKey: 'test', baseUrl: mock.url, throwOnError: true });
  const { data } = await groupboss.GET('/users/', {});
  await mock.close();

  await sendWebhook('groupboss', 'Group.created', 'http://127.0.0.1:3000/webhooks/groupboss/change-me');
  return data.count;
}
