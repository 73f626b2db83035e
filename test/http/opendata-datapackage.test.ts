import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import { createTestApp, type TestApp } from '../support/test-app';

/**
 * The data package checked against the official Frictionless Data Package v2 profiles (JSON Schema
 * draft-07), kept under test/fixtures/frictionless (see its README for where they come from) and
 * registered under their published URLs, so the check runs offline and a descriptor's `$schema`
 * finds its profile.
 */
const PROFILES = 'https://datapackage.org/profiles/2.0/';
const NAMES = ['datapackage.json', 'dataresource.json', 'tableschema.json', 'tabledialect.json'] as const;

function validator() {
  const ajv = new Ajv({
    allErrors: true,
    // The profiles type `schema` as ["string", "object"] (a path or an inline schema).
    allowUnionTypes: true,
    // Some subschemas use `properties` or `required` without `type: "object"` (JSON Schema allows it).
    strictTypes: false,
  });
  addFormats(ajv);
  // Annotations the profiles carry for editors and docs (not JSON Schema keywords); `item` is
  // upstream's misspelling of `items` under fieldsMatch, so it constrains nothing there either.
  ajv.addVocabulary(['propertyOrder', 'context', 'options', 'notes', 'item']);
  // A hint for form editors on descriptions, not a string format to check.
  ajv.addFormat('textarea', true);
  for (const name of NAMES) {
    ajv.addSchema(JSON.parse(readFileSync(path.join(__dirname, '../fixtures/frictionless', name), 'utf8')) as object, PROFILES + name);
  }
  /** The errors of `value` against the profile published at `url` ([] when valid). */
  return (url: string, value: unknown): Pick<ErrorObject, 'instancePath' | 'schemaPath' | 'message' | 'params'>[] => {
    const validate = ajv.getSchema(url);
    if (!validate) throw new Error(`no profile is registered as ${url}`);
    if (validate(value)) return [];
    return (validate.errors ?? []).map(({ instancePath, schemaPath, message, params }) => ({ instancePath, schemaPath, message, params }));
  };
}

interface Descriptor {
  $schema: string;
  resources: { name: string; $schema?: string; dialect: { $schema: string }; schema: { $schema: string; fields: { type: string }[] } }[];
}

let t: TestApp;
let pack: Descriptor;
const errorsOf = validator();

beforeAll(async () => {
  t = await createTestApp();
  const response = await fetch(`${t.base}/opendata/datapackage.json`);
  expect(response.status).toBe(200);
  pack = (await response.json()) as Descriptor;
});
afterAll(() => t.close());

describe('the data package against the Frictionless v2 profiles', () => {
  it('declares the v2 profiles by their URLs', () => {
    expect(pack.$schema).toBe(`${PROFILES}datapackage.json`);
    expect(pack.resources.length).toBeGreaterThan(0);
    for (const resource of pack.resources) {
      expect(resource.schema.$schema).toBe(`${PROFILES}tableschema.json`);
      expect(resource.dialect.$schema).toBe(`${PROFILES}tabledialect.json`);
    }
  });

  it('is a valid Data Package', () => {
    expect(errorsOf(pack.$schema, pack)).toEqual([]);
  });

  it('each resource is a valid Data Resource, its schema a valid Table Schema and its dialect a valid Table Dialect', () => {
    // Every resource's errors at once (none expected), by resource and part.
    const invalid = pack.resources
      .map((resource) => ({
        resource: resource.name,
        resourceErrors: errorsOf(resource.$schema ?? `${PROFILES}dataresource.json`, resource),
        schemaErrors: errorsOf(resource.schema.$schema, resource.schema),
        dialectErrors: errorsOf(resource.dialect.$schema, resource.dialect),
      }))
      .filter((checked) => checked.resourceErrors.length + checked.schemaErrors.length + checked.dialectErrors.length > 0);
    expect(invalid).toEqual([]);
  });

  it('the profiles do reject a broken descriptor (the check is not vacuous)', () => {
    const broken = structuredClone(pack);
    delete (broken.resources[0] as { name?: string }).name;
    broken.resources[0].schema.fields[0].type = 'text';
    const errors = errorsOf(pack.$schema, broken);
    expect(errors.some((e) => e.instancePath === '/resources/0' && e.schemaPath.endsWith('/oneOf'))).toBe(true);
    expect(errors.some((e) => e.instancePath.startsWith('/resources/0/schema/fields/0'))).toBe(true);
    expect(errorsOf(`${PROFILES}tabledialect.json`, { header: 'yes' })).toEqual([expect.objectContaining({ instancePath: '/header' })]);
  });
});
