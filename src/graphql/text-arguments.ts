import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema, type ValueNode } from 'graphql';
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

/** What a document's checked arguments hold: the first written with a NUL, and which variables each takes its values from. */
interface ArgumentTexts {
  literalWithNul: string | null;
  variables: { argument: string; names: string[] }[];
}

/** Walks a document once (with the schema's types, to skip the arguments their resolvers check). */
function argumentTexts(schema: GraphQLSchema, document: DocumentNode): ArgumentTexts {
  const typeInfo = new TypeInfo(schema);
  const texts: ArgumentTexts = { literalWithNul: null, variables: [] };
  const walk = (value: ValueNode, names: string[]): boolean => {
    switch (value.kind) {
      case Kind.STRING:
        return value.value.includes(NUL);
      case Kind.VARIABLE:
        names.push(value.name.value);
        return false;
      case Kind.LIST:
        return value.values.map((item) => walk(item, names)).some(Boolean);
      case Kind.OBJECT:
        return value.fields.map((field) => walk(field.value, names)).some(Boolean);
      default:
        return false;
    }
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument(argument) {
        if (typeInfo.getFieldDef()?.extensions.validatesItsRecords === true && typeInfo.getDirective() === null) return false;
        const names: string[] = [];
        if (walk(argument.value, names) && texts.literalWithNul === null) texts.literalWithNul = argument.name.value;
        if (names.length) texts.variables.push({ argument: argument.name.value, names });
        return false;
      },
    }),
  );
  return texts;
}

/**
 * The name of the first argument whose text holds a NUL character, written in the query or given
 * through a variable, or null. PostgreSQL's text cannot hold NUL, so such a value could only fail
 * deep in a statement; it is refused here, at the edge, whatever the argument. A repeated query
 * only looks at its variables (see walked).
 */
function argumentWithNul(texts: ArgumentTexts, variables: Record<string, unknown>): string | null {
  if (texts.literalWithNul !== null) return texts.literalWithNul;
  for (const { argument, names } of texts.variables) if (names.some((name) => hasNul(variables[name]))) return argument;
  return null;
}

/** What each document's arguments hold, walked once (Apollo reuses the parsed document for the same query text). */
const walked = new WeakMap<DocumentNode, ArgumentTexts>();

/** Refuses, before execution, a request with a NUL character in any argument's text (400 BAD_USER_INPUT). */
export function refuseTextsWithNul(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): void {
  let texts = walked.get(document);
  if (!texts) walked.set(document, (texts = argumentTexts(schema, document)));
  const argument = argumentWithNul(texts, variables);
  if (argument === null) return;
  throw refusal(badInput(`Argument "${argument}" holds a NUL character (U+0000), which no text in this API may contain`, argument));
}

/** Apollo's hook for refuseTextsWithNul. */
export function textArgumentsPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          refuseTextsWithNul(schema, document, request.variables ?? {});
        },
      };
    },
  };
}
