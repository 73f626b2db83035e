import type { ApolloServerPlugin } from '@apollo/server';
import { getVariableValues, GraphQLError, Kind, type ASTNode, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ASTVisitor } from 'graphql';
import { operationCost } from './query-cost';

/**
 * What one request may ask for, checked before anything runs. Each is far above what the portal,
 * the examples in the README and the standard introspection query need, and far below harm.
 */
export const QUERY_LIMITS = {
  /** Nested selections, counted from the operation (the standard introspection query needs 13). */
  depth: 15,
  /** Estimated cost (see operationCost): a page of 100 procedures with every related list is about 15,500. */
  cost: 20_000,
  /** Aliased fields in the document. */
  aliases: 30,
  /** Directives in the document. */
  directives: 20,
  /** Lexical tokens of the query text (graphql-js stops parsing beyond). */
  tokens: 5_000,
  /** Milliseconds an operation may take before the client is answered TIMEOUT (a statement is stopped after 5 s). */
  deadlineMs: 8_000,
} as const;

const tooMuch = (message: string, node?: ASTNode) => new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });

/** Refuses documents nested deeper than QUERY_LIMITS.depth, following fragments. */
export function depthLimitRule(context: ValidationContext): ASTVisitor {
  const fragments = new Map(context.getDocument().definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const depthOf = (selectionSet: SelectionSetNode, seen: Set<string>): number => {
    let deepest = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        deepest = Math.max(deepest, selection.selectionSet ? 1 + depthOf(selection.selectionSet, seen) : 1);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet, seen));
      } else {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) deepest = Math.max(deepest, depthOf(fragment.selectionSet, new Set([...seen, fragment.name.value])));
      }
      // No need to measure further once over: the answer is already no.
      if (deepest > QUERY_LIMITS.depth) return deepest;
    }
    return deepest;
  };
  return {
    OperationDefinition(operation) {
      const depth = depthOf(operation.selectionSet, new Set());
      if (depth > QUERY_LIMITS.depth) context.reportError(tooMuch(`The query is nested more than ${QUERY_LIMITS.depth} levels deep`, operation));
    },
  };
}

/** Refuses documents with more than QUERY_LIMITS.aliases aliases or QUERY_LIMITS.directives directives. */
export function aliasAndDirectiveLimitRule(context: ValidationContext): ASTVisitor {
  let aliases = 0;
  let directives = 0;
  return {
    Field(field) {
      if (field.alias) aliases += 1;
    },
    Directive() {
      directives += 1;
    },
    Document: {
      leave(document) {
        if (aliases > QUERY_LIMITS.aliases) context.reportError(tooMuch(`The query uses ${aliases} aliases; at most ${QUERY_LIMITS.aliases} are allowed`, document));
        if (directives > QUERY_LIMITS.directives) context.reportError(tooMuch(`The query uses ${directives} directives; at most ${QUERY_LIMITS.directives} are allowed`, document));
      },
    },
  };
}

/** graphql-js 16 only finds a missing root type when executing, and reports it as a server error. */
export function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (!context.getSchema().getRootType(operation.operation)) {
        context.reportError(tooMuch(`This API has no ${operation.operation} operations`, operation));
      }
    },
  };
}

export const limitRules = [knownOperationTypesRule, depthLimitRule, aliasAndDirectiveLimitRule];

/**
 * Estimates the operation's cost with its variables once it is resolved, refuses it when over
 * QUERY_LIMITS.cost (before execution), and reports the estimate in `extensions.cost` either way.
 */
export function costLimitPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      let cost: number | null = null;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fragments = Object.fromEntries(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
          // With the variables as execution will see them: a default value counts like a given one.
          const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          cost = operationCost(schema, operation, fragments, variables.coerced ?? request.variables ?? {});
          if (cost > QUERY_LIMITS.cost) {
            throw new GraphQLError(`The query's estimated cost is ${cost}; at most ${QUERY_LIMITS.cost} is allowed. Ask for smaller pages or fewer nested lists.`, {
              extensions: { code: 'QUERY_TOO_COMPLEX', cost: { requested: cost, maximum: QUERY_LIMITS.cost }, http: { status: 400 } },
            });
          }
        },
        async willSendResponse({ response }) {
          if (cost === null || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: { requested: cost, maximum: QUERY_LIMITS.cost } };
        },
      };
    },
  };
}
