import { execute, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { AppError } from '../shared/errors';
import { withDeadline } from './deadline';

/**
 * Runs one of the server's own GraphQL documents against the public schema, in process: the same
 * resolvers, loaders and rules a client of /graphql gets. Rejects with the first error (the
 * AppError the API raised, so that a page answers as the API would have).
 */
export type RunQuery = <T>(document: string, variables: Record<string, unknown>) => Promise<T>;

/**
 * A RunQuery for documents written in this code base (the portal's): each is parsed and validated
 * once, and an invalid one is a programming error, thrown as such. Each run gets a context of its
 * own and the operation deadline of a request.
 */
export function inProcessQuery<C>(schema: GraphQLSchema, contextFor: () => { context: C; abandon: () => void }, deadlineMs: number): RunQuery {
  const documents = new Map<string, DocumentNode>();
  const documentOf = (source: string) => {
    let document = documents.get(source);
    if (!document) {
      document = parse(source);
      const errors = validate(schema, document);
      if (errors.length) throw new Error(`invalid portal query: ${errors.map((error) => error.message).join('; ')}`);
      documents.set(source, document);
    }
    return document;
  };
  return async <T>(source: string, variables: Record<string, unknown>): Promise<T> => {
    const document = documentOf(source);
    const { context, abandon } = contextFor();
    const result = await withDeadline(Promise.resolve(execute({ schema, document, variableValues: variables, contextValue: context })), deadlineMs, abandon);
    const [first] = result.errors ?? [];
    if (first) throw first.originalError instanceof AppError ? first.originalError : (first.originalError ?? first);
    return result.data as T;
  };
}
