import fs from 'node:fs';
import { buildSchema, type GraphQLInputObjectType } from 'graphql';
import { printAppSchema } from '../../src/app/schema';
import { SCHEMA_FILE } from '../../tools/emit-schema';

describe('schema/schema.graphql', () => {
  it('is exactly what the code builds (run `npm run schema:emit` after changing the API)', async () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(await printAppSchema());
  });

  it('describes every type, field, argument and enum value', () => {
    const schema = buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (!type.description) missing.push(type.name);
      if ('getFields' in type) {
        for (const field of Object.values(type.getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : []) if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if ('getValues' in type) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps the public contract of DESIGN.md', () => {
    const schema = buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8'));
    const query = schema.getQueryType()!.getFields();
    expect(Object.keys(query)).toEqual(
      expect.arrayContaining(['node', 'procedure', 'procedures', 'catalogueSummary', 'fields', 'agencies', 'administrativeUnit', 'administrativeUnits']),
    );
    expect(query.procedures.args.map((a) => a.name)).toEqual(expect.arrayContaining(['first', 'after', 'last', 'before', 'filter', 'orderBy']));
    const filter = schema.getType('ProcedureFilter') as GraphQLInputObjectType;
    expect(Object.keys(filter.getFields()).sort()).toEqual(
      [
        'agencyCodes',
        'channels',
        'fieldCodes',
        'isFree',
        'isInterconnected',
        'isOneStop',
        'levels',
        'maxFeeVnd',
        'maxProcessingDays',
        'onlineServiceLevels',
        'statuses',
        'subjects',
        'updatedSince',
      ].sort(),
    );
  });
});
