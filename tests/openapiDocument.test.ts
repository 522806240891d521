// The OpenAPI adapter kind reading documents (lib/openapi/): 3.0 read as 3.1, references across the
// document, the flaws of real vendor documents said as warnings (naming what they keep from being
// derived) rather than refusing the document or blaming the server, a document that does not parse
// as a configuration error naming the place, where the token goes and at what level, and the
// operations that may change data left alone unless the section lists them.
import './support/setup.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openApiAdapter } from '../lib/openapi/adapter.ts';
import { loadDocument } from '../lib/openapi/document.ts';
import { answerProblems, fullBase, invalidRequests, toRequestSpec, validRequests } from '../lib/openapi/requests.ts';
import { openApiSectionAdapters } from '../lib/openapi/sections.ts';
import { openApi, type JsonSchema } from '../lib/schemas.ts';
import { TargetError } from '../lib/target.ts';
import { openApiDemoAdapter } from './openapi-demo/adapter.ts';
import { JAICP_CATALOGUE } from '../specs/openapi/jaicpCatalogue.ts';

const dir = mkdtempSync(join(tmpdir(), 'openapi-document-'));
const write = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const kind = { specDir: dir, catalogue: JAICP_CATALOGUE };
const adapterOf = (name: string, yaml: string, options: { unsafe?: string[]; skip?: string[]; preflight?: string; catalogueEntry?: string } = {}) =>
  openApiAdapter({ name, document: write(`${name}.yml`, yaml), ...kind, ...options });
const idsOf = (adapter: Awaited<ReturnType<typeof adapterOf>>) => [...adapter.profiles[0].catalog.values()].map((r) => `${r.id} ${r.level} ${r.seed}`);

test("the demo's OpenAPI 3.0 is read as 3.1: nullable, a boolean exclusiveMinimum, example, a $ref into another schema", async () => {
  const schemas = openApi(openApiDemoAdapter.openapi.doc).components!.schemas as Record<string, JsonSchema>;
  const newItem = schemas.NewItem.properties as Record<string, JsonSchema>;
  assert.deepEqual(newItem.price, { type: 'number', exclusiveMinimum: 0, maximum: 100000, description: 'The price in EUR.' });
  assert.deepEqual(newItem.tag.type, ['string', 'null']);
  assert.deepEqual(schemas.NewItem.examples, [{ name: 'Teapot', price: 24.5, tag: 'kitchen' }]);
  const tag = (schemas.Item.properties as Record<string, JsonSchema>).tag.$ref!.split('/').pop()!;
  assert.deepEqual(schemas[tag].type, ['string', 'null'], 'Item.tag points at a copy of NewItem.properties.tag');
  assert.deepEqual(
    idsOf(openApiDemoAdapter).filter((id) => id.includes('.getItem.')),
    [
      'openapi-demo.getItem.documented-status MUST openapi-demo.openapi.yml',
      'openapi-demo.getItem.no-server-error MUST openapi-demo.openapi.yml',
      'openapi-demo.getItem.response-schema MUST openapi-demo.openapi.yml',
      'openapi-demo.getItem.refuses-invalid SHOULD openapi-demo.openapi.yml',
      'openapi-demo.getItem.requires-token SHOULD openapi-demo.openapi.yml',
    ],
  );
  assert.match(
    openApiDemoAdapter.profiles[0].catalog.get('getItem.documented-status')!.quote,
    /^GET \/items\/\{itemId\} \(getItem\) «Get an item of the stock by its id»: responses 200 «The item», 404/,
  );
});

const FLAWED = `
openapi: 3.0.1
info: { title: Flawed, version: '1' }
paths:
  /projects/{projectId}/bots:
    get:
      operationId: listBots
      summary: List the bots of a project
      parameters:
        - { name: Authorization, in: header, required: true, schema: { type: string } }
        - { name: limit, in: query, schema: { type: integer, minimum: 1, maximum: 50 } }
        - { name: name, in: query, schema: { type: string } }
      responses:
        '200': { description: The bots, content: { application/json: { schema: { $ref: '#/components/schemas/BotList' } } } }
  /projects/{projectId}/bots/import:
    post:
      operationId: importBots
      parameters: [ { name: Authorization, in: header, required: true, schema: { type: string } } ]
      requestBody: { content: { multipart/form-data: { schema: { type: object } } } }
      responses: { '200': { description: imported } }
  /projects/{projectId}/export:
    get:
      parameters: [ { name: Authorization, in: header, required: true, schema: { type: string } } ]
      responses:
        '200': { description: The archive, content: { application/json: { schema: { $ref: '#/components/schemas/Missing' } } } }
components:
  schemas:
    BotList:
      type: object
      required: [bots, total]
      properties:
        bots: { type: array, items: { type: object, properties: { id: { type: integer, format: int64 } } } }
`;

test("a vendor document's flaws are warnings that say what is not derived; the rest is", async () => {
  const adapter = await adapterOf('flawed', FLAWED, { unsafe: ['importBots'] });
  const warnings = adapter.openapi.warnings.join('\n');
  assert.match(warnings, /\{projectId\}, which no parameter declares; plain text is drawn for it, and no invalid value of it is sent/);
  assert.match(warnings, /the token is the header parameter "Authorization", not a security scheme/);
  assert.match(warnings, /components\.schemas\.BotList: required property "total" is never defined; any value is sent and accepted for it/);
  assert.match(warnings, /the reference #\/components\/schemas\/Missing names nothing in flawed\.yml/);
  assert.match(
    warnings,
    /POST \/projects\/\{projectId\}\/bots\/import \(importBots\): its request body is multipart\/form-data, and the harness draws JSON bodies only; none of its checks are derived/,
  );
  const ids = idsOf(adapter).map((line) => line.split(' ')[0]);
  assert.deepEqual(ids, [
    'flawed.listBots.documented-status',
    'flawed.listBots.no-server-error',
    'flawed.listBots.response-schema',
    'flawed.listBots.refuses-invalid',
    'flawed.listBots.requires-token',
    'flawed.get-projects-projectId-export.documented-status',
    'flawed.get-projects-projectId-export.no-server-error',
    'flawed.get-projects-projectId-export.response-schema',
    'flawed.get-projects-projectId-export.requires-token',
  ]);
  // The document's own contradiction is not the server's: any total passes, a missing one does not.
  const listBots = adapter.openapi.operations[0];
  const reply = (json: unknown) => ({ status: 200, headers: {}, text: JSON.stringify(json), json, elapsedMs: 1 });
  assert.deepEqual(answerProblems(adapter.openapi.doc, listBots, reply({ bots: [{ id: 7 }], total: 'many' })), []);
  assert.deepEqual(answerProblems(adapter.openapi.doc, listBots, reply({ bots: [] })), ['(body): missing "total"']);
});

const SECURED = `
openapi: 3.1.0
info: { title: Secured, version: '1' }
security: [ { bearer: [] } ]
paths:
  /projects:
    get:
      operationId: listProjects
      parameters: [ { name: page, in: query, schema: { type: integer, minimum: 0 } } ]
      responses: { '200': { description: the projects } }
    post:
      operationId: createProject
      requestBody: { required: true, content: { application/json: { schema: { $ref: '#/components/schemas/Project' } } } }
      responses: { '201': { description: created, content: { application/json: { schema: { $ref: '#/components/schemas/Project' } } } } }
  /health:
    get:
      operationId: health
      security: []
      responses: { '200': { description: up } }
components:
  securitySchemes:
    bearer: { type: http, scheme: bearer, description: The unified token }
  schemas:
    Project:
      type: object
      required: [id, name, template]
      properties:
        id: { type: integer, readOnly: true }
        name: { type: string, minLength: 1 }
        template: { type: string, writeOnly: true }
`;

test('the token: a security scheme says where and that it is needed (MUST); seed 004 says which API needs one; a public operation has no token check', async () => {
  const fromDocument = await adapterOf('secured', SECURED);
  const token = fromDocument.profiles[0].catalog.get('listProjects.requires-token')!;
  assert.equal(token.level, 'MUST');
  assert.equal(token.quote, 'GET /projects (listProjects): security: bearer (http bearer) «The unified token»');
  assert.equal(fromDocument.profiles[0].catalog.has('health.requires-token'), false, 'security: [] makes an operation public');
  const list = fromDocument.openapi.operations[0];
  assert.deepEqual(toRequestSpec(list, { query: { page: 2 } }, { value: 'T' }), {
    method: 'GET',
    path: '/projects?page=2',
    headers: { Authorization: 'Bearer T' },
  });
  assert.deepEqual(toRequestSpec(list, {}, 'omitted').headers, {});

  const project = (await adapterOf('secured-project', SECURED, { catalogueEntry: 'Project API' })).profiles[0].catalog.get('listProjects.requires-token')!;
  assert.equal(project.seed, '004_d2616e2255e89e41.txt');
  assert.match(project.quote, /Project API — Выпустите единый токен в разделе Доступ к API\./);
  const operator = (await adapterOf('secured-operator', SECURED, { catalogueEntry: 'Operator API' })).profiles[0].catalog;
  assert.equal(
    [...operator.keys()].some((k) => k.endsWith('.requires-token')),
    false,
    '«Operator API — Токен не требуется»',
  );
});

test('readOnly and writeOnly bind one side each: the client never sends the id, the server never answers the template', async () => {
  const adapter = await adapterOf('sides', SECURED, { unsafe: ['createProject'] });
  const create = adapter.openapi.operations[1];
  const bodies = validRequests(adapter.openapi.doc, create, 5).map((r) => r.instance.body as Record<string, unknown>);
  assert.ok(bodies.length > 0 && bodies.every((b) => !('id' in b) && 'template' in b), JSON.stringify(bodies));
  const reply = { status: 201, headers: {}, text: '', json: { id: 1, name: 'Shop bot' }, elapsedMs: 1 };
  assert.deepEqual(answerProblems(adapter.openapi.doc, create, reply), []);
});

const WORDS = `
openapi: 3.0.3
info: { title: Campaigns, version: '1' }
paths:
  /campaigns/{id}/addPhone:
    get:
      operationId: addPhone
      summary: Add phone number to the call campaign
      parameters: [ { name: id, in: path, required: true, schema: { type: integer } }, { name: phone, in: query, required: true, schema: { type: string } } ]
      responses: { '200': { description: added } }
  /campaigns/{id}:
    get:
      operationId: getCampaign
      summary: Get a campaign
      description: Returns the campaign. To change it, use updateCampaign.
      parameters: [ { name: id, in: path, required: true, schema: { type: integer } } ]
      responses: { '200': { description: the campaign } }
  /campaigns/{id}/events:
    get:
      operationId: sendEventByTemplateSimple
      parameters: [ { name: id, in: path, required: true, schema: { type: integer } } ]
      responses: { '200': { description: sent } }
  /campaigns/{id}/numbers:
    get:
      description: Удаляет номера из обзвона.
      parameters: [ { name: id, in: path, required: true, schema: { type: integer } } ]
      responses: { '200': { description: removed } }
  /campaigns/{id}/state:
    get:
      operationId: getState
      summary: The campaign's state
      parameters: [ { name: id, in: path, required: true, schema: { type: integer } }, { name: Authorization, in: header, required: true, schema: { type: string } } ]
      responses: { '200': { description: the state } }
`;

test('safe by default: what may change data — by its method, or by its words whatever its method — runs only when the section lists it; what it skips never runs', async () => {
  const adapter = await adapterOf('safe', SECURED);
  const [list, create] = adapter.openapi.operations;
  assert.equal(adapter.openapi.notRun(list), undefined);
  assert.equal(adapter.openapi.notRun(create), `POST /projects may change data (a POST): it runs only when the section's openapi.unsafe lists "createProject"`);
  assert.equal((await adapterOf('unsafe', SECURED, { unsafe: ['createProject'] })).openapi.notRun(create), undefined);
  await assert.rejects(
    adapterOf('typo', SECURED, { unsafe: ['createProjects'] }),
    (err: Error) =>
      err instanceof TargetError &&
      /typo: openapi\.unsafe: typo\.yml has no operation "createProjects" \(its operations: listProjects, createProject, health\)/.test(err.message),
  );

  const words = await adapterOf('words', WORDS);
  const decisions = Object.fromEntries(words.openapi.operations.map((op) => [op.key, words.openapi.notRun(op) ?? 'runs']));
  assert.deepEqual(decisions, {
    addPhone: `GET /campaigns/{id}/addPhone may change data (its operationId says "add"): it runs only when the section's openapi.unsafe lists "addPhone"`,
    getCampaign: 'runs',
    sendEventByTemplateSimple: `GET /campaigns/{id}/events may change data (its operationId says "send"): it runs only when the section's openapi.unsafe lists "sendEventByTemplateSimple"`,
    'get-campaigns-id-numbers': `GET /campaigns/{id}/numbers may change data (its description says "удаляет"): it runs only when the section's openapi.unsafe lists "get-campaigns-id-numbers"`,
    getState: 'runs',
  });
  // The preflight's harmless request: a GET safe by its words, one carrying the token first — never addPhone, whatever unsafe allows.
  assert.equal((await adapterOf('words-unsafe', WORDS, { unsafe: ['addPhone'] })).openapi.probe?.key, 'getState');

  const skipping = await adapterOf('skipping', WORDS, { unsafe: ['addPhone'], skip: ['addPhone', 'getState'] });
  const [addPhone, , , , getState] = skipping.openapi.operations;
  assert.equal(skipping.openapi.notRun(addPhone), `GET /campaigns/{id}/addPhone: the section's openapi.skip lists "addPhone", so it never runs`);
  assert.equal(skipping.openapi.notRun(getState), `GET /campaigns/{id}/state: the section's openapi.skip lists "getState", so it never runs`);
  assert.equal(skipping.openapi.probe?.key, 'getCampaign', 'a skipped operation is never the preflight');
  assert.equal((await adapterOf('named', WORDS, { preflight: 'getCampaign' })).openapi.probe?.key, 'getCampaign');
  await assert.rejects(
    adapterOf('named-unsafe', WORDS, { preflight: 'addPhone' }),
    /named-unsafe: openapi\.preflight: "addPhone" cannot be the preflight's request: GET \/campaigns\/\{id\}\/addPhone may change data/,
  );
  await assert.rejects(adapterOf('named-typo', WORDS, { skip: ['getStat'] }), /named-typo: openapi\.skip: named-typo\.yml has no operation "getStat"/);
});

test('a target file section: a document that does not parse, a bad field, a missing token, a built-in name: one error naming the place', async () => {
  const target = (name: string, section: unknown) => write(`${name}.json`, JSON.stringify({ apis: { [name]: section } }));
  const broken = write('broken.yml', 'openapi: 3.0.0\npaths:\n  /a: [unclosed\n');
  const error = async (path: string) => {
    try {
      await openApiSectionAdapters(path, [openApiDemoAdapter], kind, {});
    } catch (err) {
      assert.ok(err instanceof TargetError, String(err));
      return err.message;
    }
    assert.fail('no error');
  };
  assert.match(
    await error(target('broken', { baseUrl: 'http://127.0.0.1:9', token: 't', openapi: { document: 'broken.yml' } })),
    new RegExp(`apis\\.broken\\.openapi\\.document: ${broken.replace(/[.]/g, '\\.')} is not valid YAML or JSON at line 4, column 1`),
  );
  assert.match(
    await error(target('field', { baseUrl: 'http://127.0.0.1:9', openapi: { document: 'x.yml', catalogue: 'Bot API' } })),
    /apis\.field\.openapi\.catalogue: must be one of \["Project API"/,
  );
  write('secured.yml', SECURED);
  assert.match(
    await error(target('tokenless', { baseUrl: 'http://127.0.0.1:9', openapi: { document: 'secured.yml' } })),
    /apis\.tokenless: missing required field "token" \(secured\.yml says where a token goes; or set CONFORMANCE_TOKENLESS_TOKEN\)/,
  );
  assert.match(
    await error(target('openapi-demo', { baseUrl: 'http://127.0.0.1:9', openapi: { document: 'secured.yml' } })),
    /apis\.openapi-demo: "openapi-demo" is a built-in API/,
  );
  const built = await openApiSectionAdapters(target('fine', { baseUrl: 'http://127.0.0.1:9', openapi: { document: 'secured.yml' } }), [], kind, {
    CONFORMANCE_FINE_TOKEN: 'from-env',
    CONFORMANCE_OPENAPI_SAID: '1',
  });
  assert.deepEqual(
    built.map((a) => a.name),
    ['fine'],
  );
});

const MEDIA = `
openapi: 3.1.0
info: { title: Media, version: '1' }
paths:
  /ping:
    get:
      operationId: ping
      responses:
        '200': { description: pong, content: { '*/*': { schema: { type: string } } } }
  /item:
    get:
      operationId: getItem
      responses:
        '200':
          description: an item
          content:
            application/xml: { schema: { type: object } }
            application/json: { schema: { type: object } }
  /only:
    get:
      operationId: onlyJson
      responses:
        '200': { description: JSON only, content: { application/json: { schema: { type: object } } } }
`;

test('a body must be JSON only where every media type the response lists is JSON', async () => {
  const adapter = await adapterOf('media', MEDIA);
  const [ping, item, only] = adapter.openapi.operations;
  const text = { status: 200, headers: {}, text: 'pong', json: undefined, elapsedMs: 1 };
  assert.deepEqual(answerProblems(adapter.openapi.doc, ping, text), [], 'a wildcard response lets the server answer text');
  assert.deepEqual(answerProblems(adapter.openapi.doc, item, { ...text, text: '<item/>' }), [], 'XML beside JSON');
  assert.match(answerProblems(adapter.openapi.doc, only, text).join(), /the answer is not JSON \("pong"\)/);
});

const EMPTY = `
openapi: 3.0.3
info: { title: Search, version: '1' }
paths:
  /search:
    get:
      operationId: search
      parameters:
        - { name: text, in: query, required: true, schema: { type: string, maxLength: 3 } }
        - { name: filter, in: query, allowEmptyValue: true, schema: { type: string, maxLength: 3 } }
        - { name: ids, in: query, required: true, schema: { type: array, items: { type: integer } } }
      responses: { '200': { description: found } }
`;

test('valid requests are what a vendor means: a schema with properties is an object, a query value is never empty unless allowEmptyValue', async () => {
  const { doc, operations } = openApiDemoAdapter.openapi;
  const create = operations.find((op) => op.key === 'createItem')!;
  // The demo's NewItem says no `type: object`.
  const bodies = validRequests(doc, create, 50).map((r) => r.instance.body);
  assert.ok(bodies.length > 10 && bodies.every((b) => typeof b === 'object' && b !== null && !Array.isArray(b)), JSON.stringify(bodies.slice(0, 5)));
  assert.ok(
    invalidRequests(doc, create).some((r) => r.title === 'body: wrong type (["not","an","object"] for object)'),
    'a body that is not an object is an invalid request',
  );

  const addTag = operations.find((op) => op.key === 'addTag')!;
  const tags = validRequests(doc, addTag, 200).map((r) => r.instance.query?.tag);
  assert.ok(tags.length > 100 && tags.every((t) => typeof t === 'string' && t.length > 0), 'tag is never sent empty');
  assert.notEqual(fullBase(doc, addTag)?.query?.tag, '', 'nor in the request the refusal cases break');

  const { openapi: search } = await adapterOf('empty', EMPTY);
  const queries = validRequests(search.doc, search.operations[0], 200).map((r) => r.instance.query!);
  assert.ok(
    queries.every((q) => q.text !== '' && (q.ids as unknown[]).length > 0),
    'no empty text, no empty list (sent as no value at all)',
  );
  assert.ok(
    queries.some((q) => q.filter === ''),
    'filter allows an empty value, and one is drawn',
  );
  // The rule keeps valid requests valid; no refusal of an empty value is expected of the server.
  assert.ok(!invalidRequests(search.doc, search.operations[0]).some((r) => r.instance.query?.text === ''));
});

const RENAMED = `
openapi: 3.1.0
info: { title: Renamed, version: '1' }
paths:
  /a:
    get: { operationId: list, responses: { '200': { description: ok } } }
    GET: { operationId: shouted, responses: { '200': { description: ok } } }
  /b:
    get: { operationId: list, responses: { '200': { description: ok } } }
    post: null
  /c:
    get: { operationId: 'list things', responses: { '200': { description: ok } } }
  /d: [ not, a, path, item ]
`;

test('every renamed and every dropped operation is said', async () => {
  const adapter = await adapterOf('renamed', RENAMED);
  assert.deepEqual(
    adapter.openapi.operations.map((op) => op.key),
    ['list', 'list-2', 'list-things'],
  );
  const [validation, ...warnings] = adapter.openapi.warnings;
  // The parser validates the document against OpenAPI's schema: its own flaws are said as the document's.
  assert.match(
    validation,
    /^renamed\.yml is not a valid OpenAPI 3\.1\.0 document \(its schema says: .*GET is not expected to be here!.*\); the harness reads what it can of it$/,
  );
  assert.deepEqual(warnings, [
    'paths./a: "GET" is not a field of a path item (an operation is under get, post, put, patch, delete, head, options or trace, in lower case); it is left out',
    `paths./b.get: operationId "list" is GET /a's too: this operation's requirements are named list-2`,
    'paths./b.post: an operation must be an object; it is left out',
    'paths./c.get: operationId "list things" is not a plain name: its requirements are named list-things',
    'paths./d: a path item must be an object; its operations are left out',
  ]);
});

const PROJECTS = `
openapi: 3.0.3
info: { title: Projects, version: '1' }
security: [ { token: [] } ]
paths:
  /projects:
    get:
      operationId: getAll
      summary: All projects
      responses: { '200': { description: the projects, content: { application/json: { schema: { type: array, items: { $ref: 'project.yml#/Project' } } } } } }
    post:
      operationId: createProject
      summary: Create a project
      requestBody: { required: true, content: { application/json: { schema: { $ref: 'project.yml#/NewProject' } } } }
      responses:
        '200':
          description: the project created
          content: { application/json: { schema: { $ref: 'project.yml#/Project' } } }
          links: { read: { operationId: getById, parameters: { id: '$response.body#/id' }, description: reads the project created } }
  /projects/{id}:
    parameters: [ { name: id, in: path, required: true, schema: { type: integer } } ]
    get: { operationId: getById, summary: A project by its id, responses: { '200': { description: the project, content: { application/json: { schema: { $ref: 'project.yml#/Project' } } } } } }
    put: { operationId: update, requestBody: { content: { application/json: { schema: { $ref: 'project.yml#/NewProject' } } } }, responses: { '200': { description: updated } } }
    delete: { operationId: delete, summary: Delete a project, description: 'The project createProject made is removed: getById finds it no more.', responses: { '204': { description: deleted } } }
  /projects/{id}/clone:
    post: { operationId: clone, parameters: [ { name: id, in: path, required: true, schema: { type: integer } } ], responses: { '200': { description: the copy, content: { application/json: { schema: { $ref: 'project.yml#/Project' } } } } } }
  /projects/by-short-name/{projectShortName}:
    get:
      operationId: getByShortName
      parameters: [ { name: projectShortName, in: path, required: true, schema: { type: string } } ]
      responses: { '200': { description: the project, content: { application/json: { schema: { $ref: 'project.yml#/Project' } } } } }
  /calls/{token}/start:
    post:
      operationId: startCalls
      security: []
      responses: { '200': { description: started, content: { application/json: { schema: { type: object, properties: { status: { type: string } } } } } } }
  /bots:
    post:
      operationId: addBot
      requestBody: { content: { application/json: { schema: { $ref: 'missing.yml#/Bot' } } } }
      responses: { '200': { description: the bot, content: { application/json: { schema: { type: object, properties: { id: { type: integer } } } } } } }
components:
  securitySchemes: { token: { type: apiKey, in: header, name: MY-TOKEN } }
`;
const PROJECT_SCHEMAS = `
NewProject: { type: object, required: [name, shortName], properties: { name: { type: string, minLength: 1 }, shortName: { type: string, pattern: '^[a-z]+$', minLength: 1 } } }
Project:
  allOf:
    - $ref: '#/NewProject'
    - { type: object, required: [id], properties: { id: { type: integer } } }
`;

test('resource lifecycles: a create answering an identifier, and what takes it by name and type or by a link; MUST only where the document states it', async () => {
  write('project.yml', PROJECT_SCHEMAS);
  const adapter = await adapterOf('projects', PROJECTS, { unsafe: ['createProject', 'update', 'delete', 'clone', 'addBot'] });
  const [projects, ...others] = adapter.openapi.resources;
  const named = (b?: { op: { key: string }; param: { name: string }; property: string }) => b && `${b.op.key}: ${b.param.name} ← ${b.property}`;
  assert.deepEqual(
    {
      name: projects.name,
      id: projects.id,
      read: named(projects.read),
      update: named(projects.update),
      remove: named(projects.remove),
      clone: named(projects.clone),
      lookups: projects.lookups.map(named),
      list: projects.list?.op.key,
    },
    {
      name: 'projects',
      id: 'id',
      read: 'getById: id ← id',
      update: 'update: id ← id',
      remove: 'delete: id ← id',
      clone: 'clone: id ← id',
      lookups: ['getByShortName: projectShortName ← shortName'],
      list: 'getAll',
    },
  );
  // addBot's body is in a file that is not there: said once, and its resource is still followed by its answer.
  assert.deepEqual(
    others.map((r) => r.name),
    ['bots'],
  );
  const catalog = adapter.profiles[0].catalog;
  const levels = Object.fromEntries([...catalog.values()].filter((r) => r.key.startsWith('projects.')).map((r) => [r.key, r.level]));
  assert.deepEqual(levels, {
    'projects.created-is-read': 'MUST',
    'projects.created-is-listed': 'SHOULD',
    'projects.update-is-read': 'SHOULD',
    'projects.deleted-is-gone': 'MUST',
    'projects.deleted-not-listed': 'SHOULD',
    'projects.lookup-finds-it': 'SHOULD',
    'projects.clone-is-new': 'SHOULD',
  });
  assert.match(
    catalog.get('projects.created-is-read')!.quote,
    /^POST \/projects \(createProject\) «Create a project»: 200 «the project created»; GET \/projects\/\{id\} \(getById\) «A project by its id»: 200 «the project»; createProject 200 links\.read: getById takes id = \$response\.body#\/id «reads the project created»$/,
  );
  // A description naming the create states it too.
  assert.match(catalog.get('projects.deleted-is-gone')!.quote, /; delete: «The project createProject made is removed: getById finds it no more\.»/);
  assert.match(catalog.get('projects.deleted-not-listed')!.note!, /RFC 9110 §9\.3\.5/);
  const warnings = adapter.openapi.warnings.join('\n');
  assert.match(
    warnings,
    /paths\.\/bots\.post\.requestBody\.content\.application\/json\.schema: the reference missing\.yml#\/Bot points to missing\.yml, which cannot be read; any value is taken there/,
  );
  assert.match(warnings, /POST \/calls\/\{token\}\/start: answers no object with an identifier .*no stateful check is derived from it/);
  assert.match(
    warnings,
    /POST \/bots: creates bots, but no DELETE on \/bots\/\{…\} removes one: what a run creates of them cannot be removed, so no stateful check of them runs/,
  );
  // Everything the checks send runs, and what they create is removed.
  assert.equal(adapter.openapi.lifecycleNotRun(projects, 'deleted-is-gone'), undefined);
});

test('a delete, an update or a clone runs only on objects the run creates: where the create does not run, neither do they', async () => {
  write('project.yml', PROJECT_SCHEMAS);
  const adapter = await adapterOf('no-create', PROJECTS, { unsafe: ['update', 'delete', 'clone'] });
  const op = (key: string) => adapter.openapi.operations.find((o) => o.key === key)!;
  assert.equal(
    adapter.openapi.notRun(op('delete')),
    `DELETE /projects/{id} changes projects, and runs only on ones the run creates, but POST /projects may change data (a POST): it runs only when the section's openapi.unsafe lists "createProject"`,
  );
  assert.equal(adapter.openapi.notRun(op('getById')), undefined, 'a read runs whatever the id');
  const [projects] = adapter.openapi.resources;
  assert.match(adapter.openapi.lifecycleNotRun(projects, 'created-is-read')!, /^POST \/projects may change data/);
  const allowed = await adapterOf('with-create', PROJECTS, { unsafe: ['createProject', 'update'] });
  assert.equal(
    allowed.openapi.lifecycleNotRun(allowed.openapi.resources[0], 'update-is-read'),
    `what the check creates could not be removed: DELETE /projects/{id} may change data (a DELETE): it runs only when the section's openapi.unsafe lists "delete"`,
  );
});

test("the demo's document is a valid OpenAPI document (its adapter does not pay for validating it in every process)", async () => {
  const { flaws } = await loadDocument(fileURLToPath(new URL('./openapi-demo/openapi-demo.openapi.yml', import.meta.url)), 'demo', true);
  assert.deepEqual(flaws, []);
});
