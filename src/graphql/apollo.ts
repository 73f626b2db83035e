import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { GraphQLSchema } from 'graphql';
import type { ErrorLogger } from '../shared/unexpected';
import { compiledExecution } from './compiled-execution';
import type { RequestContext } from './context';
import { createErrorFormatter } from './format-error';
import { operationLabelPlugin } from './operation-label';
import { costLimitPlugin, limitRules, QUERY_LIMITS } from './query-limits';
import { textArgumentsPlugin } from './text-arguments';
import { unavailableStatusPlugin } from './unavailable-status';

/**
 * Apollo over the API's schema (operations compiled once they repeat), with the limits checked
 * before execution (validation rules, the cost and text checks), errors mapped to their codes, and
 * `plugins` of the caller (the HTTP integration's drain, the response cache's marking).
 */
export function createApollo<C extends RequestContext>(schema: GraphQLSchema, logError: ErrorLogger, plugins: ApolloServerPlugin<C>[]): ApolloServer<C> {
  return new ApolloServer<C>({
    gateway: compiledExecution(schema),
    formatError: createErrorFormatter(logError),
    includeStacktraceInErrorResponses: false,
    introspection: true,
    validationRules: limitRules,
    parseOptions: { maxTokens: QUERY_LIMITS.tokens },
    plugins: [
      // Apollo's cache-control plugin wraps every field resolver to collect hints nobody reads here.
      ApolloServerPluginCacheControlDisabled(),
      costLimitPlugin(),
      textArgumentsPlugin(),
      unavailableStatusPlugin(),
      operationLabelPlugin(),
      ...plugins,
    ],
  });
}
