import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type ValueNode } from 'graphql';
import { badInput } from '../shared/errors';
import { refusal } from './errors';

/**
 * The extension of a field whose arguments hold records that its resolver validates one by one
 * (upsertDossiers): a NUL there rejects that record alone, so that one bad dossier does not sink
 * the batch; the request-wide check below leaves such arguments to it.
 */
export const VALIDATES_ITS_RECORDS = { validatesItsRecords: true } as const;
const NUL = '\u0000';

const hasNul = (value: unknown): boolean => {
  const pending = [value];
  while (pending.length) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (item.includes(NUL)) return true;
    } else if (typeof item === 'object' && item !== null) {
      pending.push(...(Array.isArray(item) ? (item as unknown[]) : Object.values(item as Record<string, unknown>)));
    }
  }
  return false;
};

/**
 * The name of the first argument whose text holds a NUL character, given in the query or through
 * a variable, or null. PostgreSQL's text cannot hold NUL, so such a value could only fail deep in
 * a statement; it is refused here, at the edge, whatever the argument.
 */
function argumentWithNul(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): string | null {
  const typeInfo = new TypeInfo(schema);
  const literalHasNul = (value: ValueNode): boolean => {
    switch (value.kind) {
      case Kind.STRING:
        return value.value.includes(NUL);
      case Kind.VARIABLE:
        return hasNul(variables[value.name.value]);
      case Kind.LIST:
        return value.values.some(literalHasNul);
      case Kind.OBJECT:
        return value.fields.some((field) => literalHasNul(field.value));
      default:
        return false;
    }
  };
  let found: string | null = null;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(argument) {
        if (typeInfo.getFieldDef()?.extensions.validatesItsRecords === true && typeInfo.getDirective() === null) return false;
        if (literalHasNul(argument.value)) {
          found = argument.name.value;
          return BREAK;
        }
        return false;
      },
    }),
  );
  return found;
}

/** Refuses, before execution, a request with a NUL character in any argument's text (400 BAD_USER_INPUT). */
export function textArgumentsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const argument = argumentWithNul(schema, document, request.variables ?? {});
          if (argument === null) return;
          throw refusal(badInput(`Argument "${argument}" holds a NUL character (U+0000), which no text in this API may contain`, argument));
        },
      };
    },
  };
}
