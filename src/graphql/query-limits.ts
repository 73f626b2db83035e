import type { ApolloServerPlugin } from '@apollo/server';
import {
  getVariableValues,
  GraphQLError,
  type ASTNode,
  type ASTVisitor,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
} from 'graphql';
import { AppError } from '../shared/errors';
import { refusal } from './errors';
import { operationCost } from './query-cost';

/**
 * What one request may ask for, checked before anything runs. Each is far above what the portal,
 * the examples in the README and the standard introspection query need, and far below harm.
 */
export const QUERY_LIMITS = {
  /** Nested selections, counted from the operation (the standard introspection query needs 13). */
  depth: 15,
  /** Fields once fragments are expanded, counted as execution merges them (the standard introspection query has about 200). */
  fields: 1_000,
  /** Times one field may be selected at one place of the answer, directly or through fragments. */
  repeats: 10,
  /** Fragments, named or inline, at one place of the answer (each two of them are compared by validation). */
  fragments: 30,
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

const tooMuch = (message: string, node?: ASTNode) =>
  new GraphQLError(message, { nodes: node ? [node] : undefined, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });

/** Refuses documents with more than QUERY_LIMITS.aliases aliases or QUERY_LIMITS.directives directives. */
function aliasAndDirectiveLimitRule(context: ValidationContext): ASTVisitor {
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
        if (aliases > QUERY_LIMITS.aliases)
          context.reportError(tooMuch(`The query uses ${aliases} aliases; at most ${QUERY_LIMITS.aliases} are allowed`, document));
        if (directives > QUERY_LIMITS.directives)
          context.reportError(tooMuch(`The query uses ${directives} directives; at most ${QUERY_LIMITS.directives} are allowed`, document));
      },
    },
  };
}

/** graphql-js 16 only finds a missing root type when executing, and reports it as a server error. */
function knownOperationTypesRule(context: ValidationContext): ASTVisitor {
  return {
    OperationDefinition(operation) {
      if (!context.getSchema().getRootType(operation.operation)) {
        context.reportError(tooMuch(`This API has no ${operation.operation} operations`, operation));
      }
    },
  };
}

export const limitRules = [knownOperationTypesRule, aliasAndDirectiveLimitRule];

/** How many coercion errors of the variables are reported: enough to fix a request, few enough to cost nothing. */
const MAX_VARIABLE_ERRORS = 10;

/** An operation's estimated cost, and its variables as execution sees them (coerced, defaults given). */
export interface CheckedCost {
  cost: number;
  variables: Record<string, unknown>;
}

/**
 * The operation's estimated cost with these variables, once they are checked: coerced once,
 * stopping at the first few errors (400 BAD_USER_INPUT), and the cost refused when over
 * QUERY_LIMITS.cost (QUERY_TOO_COMPLEX), both thrown as refusals before anything runs.
 */
export function checkedCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, given: Record<string, unknown>): CheckedCost {
  // With the variables as execution will see them: a default value counts like a given one.
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], given, { maxErrors: MAX_VARIABLE_ERRORS });
  if (variables.errors) {
    const messages = variables.errors.map((e) => e.message).filter((m) => !m.startsWith('Too many errors'));
    throw refusal(new AppError('BAD_USER_INPUT', messages.join('; ')));
  }
  const cost = operationCost(schema, document, operation, variables.coerced);
  if (cost > QUERY_LIMITS.cost) {
    const message = `The query's estimated cost is ${cost}; at most ${QUERY_LIMITS.cost} is allowed. Ask for smaller pages or fewer nested lists.`;
    throw refusal(new AppError('QUERY_TOO_COMPLEX', message, { cost: { requested: cost, maximum: QUERY_LIMITS.cost } }));
  }
  return { cost, variables: variables.coerced };
}

/** What an answer reports of its cost, in `extensions.cost`. */
export const costExtension = (cost: number) => ({ requested: cost, maximum: QUERY_LIMITS.cost });

/**
 * Once the operation is known (after validation; its shape was checked before, see
 * DocumentShapeCheck), refuses it when its variables do not fit or its estimated cost is too high
 * (see checkedCost). The estimate is reported in `extensions.cost` either way.
 */
export function costLimitPlugin<T extends object>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      let cost: number | null = null;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (operation) cost = checkedCost(schema, document, operation, request.variables ?? {}).cost;
        },
        async willSendResponse({ response }) {
          if (cost === null || response.body.kind !== 'single') return;
          response.body.singleResult.extensions = { ...response.body.singleResult.extensions, cost: costExtension(cost) };
        },
      };
    },
  };
}
