import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { RequestContext } from './context';

/**
 * The operation's name in metrics and logs: "query procedures", "mutation upsertDossiers"; an
 * operation of several root fields is "query (several fields)", so that clients cannot multiply
 * the series of metrics by combining fields, and the client's own operation name is never used.
 */
export function operationLabel(operation: OperationDefinitionNode): string {
  const [only, ...others] = operation.selectionSet.selections;
  const single = only?.kind === Kind.FIELD && !others.length;
  return `${operation.operation} ${single ? only.name.value : '(several fields)'}`;
}

/** Labels the request (see operationLabel) once Apollo has resolved its operation. */
export function operationLabelPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation && contextValue.observed) contextValue.observed.operation = operationLabel(operation);
        },
      };
    },
  };
}
