import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import type { RequestContext } from './context';

/**
 * Names the operation once Apollo has resolved it: "query procedures", "mutation upsertDossiers";
 * an operation of several root fields is "query (several fields)", so that clients cannot multiply
 * the series of metrics by combining fields, and the client's own operation name is never used.
 */
export function operationLabelPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (!operation || !contextValue.observed) return;
          const [only, ...others] = operation.selectionSet.selections;
          const single = only?.kind === Kind.FIELD && !others.length;
          contextValue.observed.operation = `${operation.operation} ${single ? only.name.value : '(several fields)'}`;
        },
      };
    },
  };
}
