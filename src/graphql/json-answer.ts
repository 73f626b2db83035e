import {
  BREAK,
  getNamedType,
  isLeafType,
  isObjectType,
  Kind,
  visit,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { JsonSelection } from '../shared/json-selection';
import { collectFieldGroups, fragmentsOf, subSelections, type Fragments } from './merged-selection';

/** A root field's value as JSON text for its (coerced) arguments; undefined when it cannot give this value exactly as execution would. */
type JsonAnswer<C> = (args: Record<string, unknown>, context: C) => Promise<string | undefined>;

/** How a root field answers a selection as JSON text, made once per operation; null for a selection it cannot answer. */
export type JsonAnswerer<C> = (selection: JsonSelection[]) => JsonAnswer<C> | null;

/**
 * The extension (type-graphql's `@Extensions`) of a root field whose service can build the answer
 * of a selection as JSON text in one statement, so that a known operation made of that field alone
 * is answered without building objects, executing them and serialising them again (see
 * KnownOperations). The answerer must give, for every selection it accepts, the JSON that
 * executing the field gives, to the byte (tests compare them). For a whole record (the bench's
 * query b, 8 connections, runs alternating) the server's CPU a request fell from 0.37-0.70 ms to
 * 0.31-0.34 ms, while PostgreSQL's went from 0.22-0.35 to 0.32-0.34 ms: it writes the keys and
 * the JSON text that the server no longer makes.
 */
export const answersAsJson = <C>(answerer: JsonAnswerer<C>) => ({ answersAsJson: answerer });

/** How an operation is answered as JSON: its one root field, its response key, and the field's answer. */
export interface JsonPlan<C> {
  key: string;
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  answer: JsonAnswer<C>;
}

const hasDirectives = (document: DocumentNode) => {
  let found = false;
  visit(document, {
    Directive() {
      found = true;
      return BREAK;
    },
  });
  return found;
};

/**
 * The JSON plan of a query made of one root field that answers as JSON (see answersAsJson), or
 * null. Only what the plan can answer exactly as execution does is planned: no directives (whose
 * conditions depend on the variables), no arguments below the root, no fragment on a type other
 * than the object's own, only object and leaf fields, and each field once at each place, so
 * that the statement does no more work than the executed field's (aliases of a related list
 * would each build it again).
 */
export function jsonPlan<C>(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): JsonPlan<C> | null {
  if (operation.operation !== 'query' || hasDirectives(document)) return null;
  const [node, ...others] = operation.selectionSet.selections;
  if (others.length || node?.kind !== Kind.FIELD || !node.selectionSet) return null;
  const field = schema.getQueryType()?.getFields()[node.name.value];
  const answerer = field?.extensions.answersAsJson as JsonAnswerer<C> | undefined;
  const type = field && getNamedType(field.type);
  if (!field || !answerer || !isObjectType(type)) return null;
  const selection = selectionOf(type, [node.selectionSet], fragmentsOf(document.definitions));
  const answer = selection && answerer(selection);
  return answer ? { key: node.alias?.value ?? node.name.value, field, node, answer } : null;
}

/** The keys of an object of `type` that `sets` select, merged as execution merges them; null when one cannot be planned (see jsonPlan). */
function selectionOf(type: GraphQLObjectType, sets: readonly SelectionSetNode[], fragments: Fragments): JsonSelection[] | null {
  const byKey = new Map<string, FieldNode[]>();
  for (const group of collectFieldGroups(sets, fragments)) {
    if (group.on !== null && group.on !== type.name) return null;
    byKey.set(group.key, [...(byKey.get(group.key) ?? []), ...group.nodes]);
  }
  const selection: JsonSelection[] = [];
  const read = new Set<string>();
  for (const [key, nodes] of byKey) {
    const name = nodes[0].name.value;
    if (nodes.some((node) => node.arguments?.length)) return null;
    if (name === '__typename') {
      selection.push({ key, constant: type.name });
      continue;
    }
    const field = type.getFields()[name];
    if (!field || read.has(name)) return null;
    read.add(name);
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      selection.push({ key, field: name });
      continue;
    }
    const inner = isObjectType(named) ? selectionOf(named, subSelections({ key, on: null, nodes }), fragments) : null;
    if (!inner) return null;
    selection.push({ key, field: name, selection: inner });
  }
  return selection;
}
