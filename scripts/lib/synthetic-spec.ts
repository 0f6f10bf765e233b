// A synthetic vendor with N operations in the house style (split files, examples, 401),
// for measuring how the pipeline's cost grows with the size of a spec.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../../src/spec/project.js';

/** Creates a project tree at `root` with one vendor `synthetic` of `operations` operations. */
export function writeSyntheticProject(root: string, operations: number): void {
  const spec = path.join(root, 'specs', 'synthetic');
  mkdirSync(path.join(spec, 'paths'), { recursive: true });
  mkdirSync(path.join(spec, 'examples'), { recursive: true });
  mkdirSync(path.join(spec, 'components', 'schemas'), { recursive: true });
  symlinkSync(path.join(repoRoot, 'src'), path.join(root, 'src'));
  const config = YAML.parse(readConfig());
  config.apis = { synthetic: { root: 'specs/synthetic/openapi.yaml' } };
  writeFileSync(path.join(root, 'redocly.yaml'), YAML.stringify(config));
  writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ extends: path.join(repoRoot, 'tsconfig.json'), include: ['generated'] }));

  const paths: Record<string, { $ref: string }> = {};
  for (let i = 0; i < operations; i++) {
    const file = `items${i}_{item_id}.yaml`;
    paths[`/items${i}/{item_id}`] = { $ref: `paths/${file}` };
    writeFileSync(path.join(spec, 'paths', file), YAML.stringify(pathItem(i)));
    writeFileSync(
      path.join(spec, 'examples', `getItem${i}_item.yaml`),
      YAML.stringify({ summary: `Item ${i}`, description: 'Synthetic example.', value: { id: i, name: `item ${i}`, created_at: '2020-05-04T04:00:56Z' } }),
    );
  }
  writeFileSync(
    path.join(spec, 'components', 'schemas', 'Item.yaml'),
    YAML.stringify({
      type: 'object',
      required: ['id', 'name', 'created_at'],
      properties: { id: { type: 'integer' }, name: { type: 'string' }, created_at: { type: 'string', format: 'date-time' } },
    }),
  );
  writeFileSync(
    path.join(spec, 'components', 'schemas', 'Error.yaml'),
    YAML.stringify({ type: 'object', required: ['message'], properties: { message: { type: 'string' } } }),
  );
  writeFileSync(
    path.join(spec, 'openapi.yaml'),
    YAML.stringify({
      openapi: '3.1.0',
      info: { title: `Synthetic API (${operations} operations)`, version: '1.0.0', description: 'Benchmark input.' },
      servers: [{ url: 'https://api.synthetic.test/v1' }],
      security: [{ apiKey: [] }],
      tags: [{ name: 'Items', description: 'Items.' }],
      paths,
      components: { securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'X-API-KEY', 'x-client-credentials': ['apiKey'] } } },
    }),
  );
}

function pathItem(i: number) {
  return {
    get: {
      operationId: `getItem${i}`,
      tags: ['Items'],
      summary: `Get item ${i}`,
      description: 'Synthetic operation.',
      externalDocs: { url: 'https://docs.synthetic.test' },
      parameters: [{ name: 'item_id', in: 'path', required: true, description: 'Item id.', schema: { type: 'integer', examples: [7] } }],
      responses: {
        '200': {
          description: 'The item.',
          content: {
            'application/json': {
              schema: { $ref: '../components/schemas/Item.yaml' },
              examples: { item: { $ref: `../examples/getItem${i}_item.yaml` } },
            },
          },
        },
        '401': { description: 'No key.', content: { 'application/json': { schema: { $ref: '../components/schemas/Error.yaml' } } } },
      },
    },
  };
}

/** The real project's redocly.yaml (its lint rules); the caller replaces `apis`. */
function readConfig(): string {
  return readFileSync(path.join(repoRoot, 'redocly.yaml'), 'utf8');
}
