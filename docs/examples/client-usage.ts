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
const falkor = createFalkorClient({ token: process.env.FALKOR_TOKEN!, baseUrl: 'https://api.falkor.io/v1' });
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
