// The specs' OpenAPI links must hold: Redocly's lint does not check them (a misspelt
// operationId or parameter passes), so this does. Each link names an existing operation,
// gives every required path parameter of its target, names only parameters the target has,
// and each `$response.body` expression yields a value in every documented example of its
// response; `$request.path.x` names a path parameter of the source.
import { describe, expect, it } from 'vitest';
import { evaluateExpression, listLinks, type OperationLink } from '../../src/spec/links.js';
import { loadBundle, mediaExamples, type Doc } from '../../src/spec/openapi.js';
import { vendorsToTest } from '../lib/shares.js';

function linkProblems(doc: Doc, link: OperationLink): string[] {
  const where = `${link.source.operationId} ${link.status} → ${link.name}`;
  const problems: string[] = [];
  const given = Object.keys(link.parameters).map((name) => name.replace(/^(path|query|header|cookie)\./, ''));
  for (const param of link.target.parameters.filter((p) => p.in === 'path' && p.required)) {
    if (!given.includes(param.name)) problems.push(`${where}: gives no value for ${link.target.operationId}'s path parameter ${param.name}`);
  }
  for (const name of given) {
    if (!link.target.parameters.some((p) => p.name === name)) problems.push(`${where}: ${link.target.operationId} has no parameter ${name}`);
  }
  const examples = mediaExamples(doc, link.source.operation.responses?.[link.status], `${link.source.pointer}/responses/${link.status}`).flatMap((m) => m.examples);
  for (const [name, expression] of Object.entries(link.parameters)) {
    const request = /^\$request\.path\.(.+)$/.exec(expression);
    if (request && !link.source.parameters.some((p) => p.in === 'path' && p.name === request[1])) {
      problems.push(`${where}: ${name} reads ${expression}, but ${link.source.operationId} has no such path parameter`);
    }
    if (!expression.startsWith('$response.body')) continue;
    if (examples.length === 0) problems.push(`${where}: ${name} reads the body of a response with no documented example`);
    for (const example of examples) {
      const value = evaluateExpression(expression, { responseBody: example.value });
      if (value === undefined || value === null) problems.push(`${where}: ${name} = ${expression} yields nothing in example "${example.name}"`);
    }
  }
  return problems;
}

describe('OpenAPI links', () => {
  for (const vendor of vendorsToTest(import.meta.url)) {
    const doc = loadBundle(vendor.bundlePath);
    it(`${vendor.name}: ${listLinks(doc).length} links resolve against the documented examples`, () => {
      expect(listLinks(doc).flatMap((link) => linkProblems(doc, link))).toEqual([]);
    });
  }

  it('rejects a link to a missing operation, a missing or unknown parameter and an expression that yields nothing', () => {
    const doc: Doc = {
      paths: {
        '/things': {
          get: {
            operationId: 'listThings',
            responses: {
              '200': {
                content: { 'application/json': { schema: {}, examples: { page: { value: { items: [{ id: 1 }] } } } } },
                links: {
                  bad: { operationId: 'getThing', parameters: { thing_idx: '$response.body#/items/0/uuid' } },
                },
              },
            },
          },
        },
        '/things/{thing_id}': { get: { operationId: 'getThing', parameters: [{ name: 'thing_id', in: 'path', required: true, schema: {} }], responses: {} } },
      },
    };
    const problems = listLinks(doc).flatMap((link) => linkProblems(doc, link));
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/gives no value for getThing's path parameter thing_id/);
    expect(problems.join('\n')).toMatch(/getThing has no parameter thing_idx/);
    expect(problems.join('\n')).toMatch(/yields nothing in example "page"/);
    const missing = structuredClone(doc);
    missing.paths['/things'].get.responses['200'].links.bad.operationId = 'getThang';
    expect(() => listLinks(missing)).toThrow(/no operation getThang/);
  });
});
