import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import type { GatewayInterface } from '@apollo/server-gateway-interface';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ErrorLogger } from '../shared/unexpected';
import type { RequestContext } from './context';
import { createErrorFormatter } from './format-error';
import { operationLabelPlugin } from './operation-label';
import { costLimitPlugin, limitRules, QUERY_LIMITS } from './query-limits';
import { textArgumentsPlugin } from './text-arguments';
import { unavailableStatusPlugin } from './unavailable-status';

/**
 * Apollo over the API's schema as `gateway` executes it (see compiledExecution), with the limits
 * checked before execution (validation rules, the cost and text checks), errors mapped to their
 * codes, and `plugins` of the caller (the HTTP integration's drain, the response cache's marking,
 * the known operations' notes).
 */
export function createApollo<C extends RequestContext>(gateway: GatewayInterface, logError: ErrorLogger, plugins: ApolloServerPlugin<C>[]): ApolloServer<C> {
  return new ApolloServer<C>({
    gateway,
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
