import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { collectFieldGroups, fragmentsOf, subSelections, type Fragments } from './merged-selection';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../shared/pagination';

/** What a list without a page size is assumed to hold: a procedure's documents, a unit's sub-units. */
const ASSUMED_LIST_SIZE = 10;

/**
 * A field whose resolver does more than its selection shows (a statistic sums thousands of rollup
 * rows) declares its own cost with `@Extensions(fieldCost(n))`; it is added once per call.
 */
export const fieldCost = (cost: number) => ({ cost });

/** A statistic: ten in one query cost as much as a page of 100 procedures with every related list. */
export const STATISTIC_COST = 2_000;

/**
 * An upper estimate of the work an operation asks for, before it runs: every object field costs 1
 * for each object it may return, with what is selected under it. A list may return `first`/`last`
 * items when given (in the query or a variable), a connection's page size (default 20) for its
 * edges and nodes, ASSUMED_LIST_SIZE for other lists. Leaves are free: asking for more columns of a row costs the database nothing.
 * Every branch of an abstract type is counted, as if all could match.
 */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): number {
  let known = fixedCosts.get(schema);
  if (!known) fixedCosts.set(schema, (known = new WeakMap()));
  const fixed = known.get(operation);
  if (fixed !== undefined) return fixed;
  let readsVariables = false;
  const cost = estimate(schema, operation, fragmentsOf(document.definitions), (name) => {
    readsVariables = true;
    return variables[name];
  });
  if (!readsVariables) known.set(operation, cost);
  return cost;
}

/**
 * The costs of operations whose page sizes no variable sets (a record by its code, a page of the
 * default size), by schema and operation: the same for every request of the document, kept as
 * long as the document is (Apollo's document store).
 */
const fixedCosts = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, number>>();

function estimate(schema: GraphQLSchema, operation: OperationDefinitionNode, fragments: Fragments, variable: (name: string) => unknown): number {
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return 0;

  /** `first`/`last` of a field, up to the largest page the field serves (a larger one is refused with its own message when it runs). */
  const pageSize = (field: FieldNode, largest: number): number | null => {
    for (const argument of field.arguments ?? []) {
      if (argument.name.value !== 'first' && argument.name.value !== 'last') continue;
      const value = literal(argument.value, variable);
      if (typeof value === 'number' && Number.isFinite(value)) return Math.min(largest, Math.max(0, value));
    }
    return null;
  };

  /**
   * The cost of what `sets` select on `type`, walked as execution merges it (see
   * collectFieldGroups), so the estimate follows the work and the walk costs no more than it.
   * `page`: the page size of the connection whose edges or nodes this selection may list.
   */
  const selectionCost = (type: GraphQLNamedType, sets: SelectionSetNode[], page: number | null): number => {
    let total = 0;
    for (const group of collectFieldGroups(sets, fragments)) {
      const parent = group.on === null ? type : (schema.getType(group.on) ?? type);
      const below = subSelections(group);
      if (!below.length || !(isObjectType(parent) || isInterfaceType(parent))) continue;
      const field = group.nodes[0];
      const definition = parent.getFields()[field.name.value];
      if (!definition) continue;
      const own = typeof definition.extensions?.cost === 'number' ? definition.extensions.cost : 0;
      const largest = typeof definition.extensions?.maxPageSize === 'number' ? definition.extensions.maxPageSize : MAX_PAGE_SIZE;
      const fieldType = getNamedType(definition.type);
      const isList = isListType(getNullableType(definition.type));
      // A connection is one object; its page size applies to the edges and nodes under it.
      if (fieldType.name.endsWith('Connection')) {
        total += own + 1 + selectionCost(fieldType, below, pageSize(field, largest) ?? DEFAULT_PAGE_SIZE);
      } else {
        const items = isList ? (pageSize(field, largest) ?? page ?? ASSUMED_LIST_SIZE) : 1;
        total += own + items * (1 + selectionCost(fieldType, below, null));
      }
    }
    return total;
  };
  return selectionCost(root, [operation.selectionSet], null);
}

function literal(value: ValueNode, variable: (name: string) => unknown): unknown {
  if (value.kind === Kind.VARIABLE) return variable(value.name.value);
  if (value.kind === Kind.INT || value.kind === Kind.FLOAT) return Number(value.value);
  return null;
}
