import type { ApolloServerPlugin, HTTPGraphQLRequest } from '@apollo/server';
import { getArgumentValues, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { EXECUTED, type CompiledExecution } from './compiled-execution';
import type { RequestContext } from './context';
import { jsonPlan, type JsonPlan } from './json-answer';
import { jsonLine, textLine } from './json-line';
import { operationLabel } from './operation-label';
import { checkedCost, costExtension, type CheckedCost } from './query-limits';
import { refuseTextsWithNul } from './text-arguments';

/**
 * A GraphQL request's answer as it is sent, and whether caches may keep it (a clean answer to a
 * catalogue-only query). The body is bytes: a page of Vietnamese names is a string of two bytes a
 * character that would otherwise be encoded again every time it is sent (see jsonLine).
 */
export interface GraphQLAnswer {
  status: number;
  headers: [string, string][];
  body: Buffer;
  catalogueOnly: boolean;
}

/** What Apollo made of a request it answered cleanly: the parsed document and the query it ran. */
interface Resolved {
  document: DocumentNode;
  operation: OperationDefinitionNode;
}

interface KnownOperation extends Resolved {
  /** The label of the request in metrics and logs (see operationLabel). */
  label: string;
  /** The content type Apollo chose for the request's Accept header. */
  contentType: string;
  catalogueOnly: boolean;
  /** How the operation is answered as JSON built by its service, when it can be (see jsonPlan). */
  json: JsonPlan<RequestContext> | null;
}

/**
 * Query text, with the operation name and Accept header, kept of the operations known (2 bytes a
 * character): an application's operations many times over. Each keeps its parsed document,
 * compiled code and JSON statement (see jsonPlan) alive too, some tens of times its text, so this
 * bounds them as well.
 */
const KNOWN_TEXT_BYTES = 1024 * 1024;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const absentOr = (value: unknown, fits: (value: unknown) => boolean) => value === undefined || value === null || fits(value);

/**
 * Queries Apollo has answered cleanly, answered again without Apollo's per-request pipeline. In
 * the profile of a request that reads one whole record, Apollo's own work for every request (the
 * query text's SHA-256, the document store, content negotiation, a dozen plugin hooks awaited in
 * turn, its HTTP head) cost more server CPU than executing the operation: `{ __typename }` took
 * 0.20 ms a request, 0.10 ms without it.
 *
 * A POST whose query text, operation name and Accept header Apollo has answered before with a
 * clean result of a query is known. Its request is checked as Apollo's plugins check it (its
 * variables and cost, its texts), labelled, and run on the operation's compiled code (or, for a
 * query of one root field whose service builds the field's JSON itself, answered with that JSON:
 * see jsonPlan); a clean result is sent as Apollo sends it (`{"data":…,"extensions":{"cost":…}}`,
 * the same content type). Anything else goes to Apollo: a request whose variables or cost are
 * refused, one that is neither compiled (yet, or ever: see compilable) nor answered as JSON, and a
 * result with errors (handed over with the result, see EXECUTED, so that Apollo formats the errors
 * and sets the status while nothing runs twice). GETs, persisted queries and mutations always go
 * to Apollo.
 */
export class KnownOperations {
  private readonly known = new LRUCache<string, KnownOperation>({ maxSize: KNOWN_TEXT_BYTES, sizeCalculation: (_entry, key) => 2 * key.length });
  /** What Apollo resolved for the requests it answered cleanly, until the route has read it (see learn). */
  private readonly resolved = new WeakMap<HTTPGraphQLRequest, Resolved>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly execution: CompiledExecution,
  ) {}

  /** The key of a request that may be known (a POST of a query text, with no persisted query), else null. */
  keyOf(method: string, body: unknown, accept: string | undefined): string | null {
    if (method !== 'POST' || !isObject(body)) return null;
    const { query, operationName, variables, extensions } = body;
    if (typeof query !== 'string' || !absentOr(variables, isObject) || !absentOr(operationName, (name) => typeof name === 'string')) return null;
    if (!absentOr(extensions, (value) => isObject(value) && !('persistedQuery' in value))) return null;
    return `${accept ?? ''}\u0000${typeof operationName === 'string' ? operationName : ''}\u0000${query}`;
  }

  /**
   * Answers a known request, or has Apollo answer it (`viaApollo`, with the context it should
   * run in). The context's `observed` gets the operation's label.
   */
  async answer<C extends RequestContext>(
    key: string | null,
    body: { variables?: Record<string, unknown> | null },
    context: C,
    viaApollo: (context: C) => Promise<GraphQLAnswer>,
  ): Promise<GraphQLAnswer> {
    const known = key === null ? undefined : this.known.get(key);
    const compiled = known && this.execution.compiledFor(known.document, known.operation);
    // An operation that is not compiled (see compilable) can still be answered as JSON.
    if (!known || (!compiled && !known.json)) return viaApollo(context);
    const variables = body.variables ?? {};
    let checked: CheckedCost;
    try {
      checked = checkedCost(this.schema, known.document, known.operation, variables);
      refuseTextsWithNul(this.schema, known.document, variables);
    } catch {
      return viaApollo(context); // which refuses it as its plugins do
    }
    if (context.observed) context.observed.operation = known.label;
    const extensions = { cost: costExtension(checked.cost) };
    const data = known.json ? await dataAsJson(known.json, checked.variables, context) : undefined;
    if (data !== undefined) return this.clean(known, textLine(`{"data":${data},"extensions":${JSON.stringify(extensions)}}`));
    if (!compiled) return viaApollo(context);
    const result = await compiled.query(undefined, context, variables);
    if (result.errors) return viaApollo({ ...context, [EXECUTED]: result });
    return this.clean(known, jsonLine({ data: result.data, extensions }));
  }

  /** A clean answer to a known operation, as Apollo would send it. */
  private clean(known: KnownOperation, body: Buffer): GraphQLAnswer {
    return { status: 200, headers: [['content-type', known.contentType]], body, catalogueOnly: known.catalogueOnly };
  }

  /** After Apollo answered the request of `key`: known from now on when its answer was clean. */
  learn(key: string | null, request: HTTPGraphQLRequest, answer: GraphQLAnswer): void {
    const resolved = this.resolved.get(request);
    // An answer with headers of its own (a plugin's) is not one this class would repeat.
    const [name, contentType] = answer.headers.length === 1 ? answer.headers[0] : [];
    if (key === null || !resolved || answer.status !== 200 || name !== 'content-type' || this.known.has(key)) return;
    this.known.set(key, {
      ...resolved,
      label: operationLabel(resolved.operation),
      contentType: contentType!,
      catalogueOnly: answer.catalogueOnly,
      json: jsonPlan(this.schema, resolved.document, resolved.operation),
    });
  }

  /** The Apollo plugin that notes what a clean answer to a query was resolved to (read by learn). */
  plugin(): ApolloServerPlugin<object> {
    return {
      requestDidStart: async () => ({
        willSendResponse: async ({ request, operation, document, errors, response }) => {
          if (operation?.operation !== 'query' || !document || !request.http || errors?.length) return;
          if (response.body.kind !== 'single' || response.body.singleResult.errors) return;
          this.resolved.set(request.http, { document, operation });
        },
      }),
    };
  }
}

/**
 * The answer's `data` as JSON text, built by the root field's service, or undefined when the
 * operation is to be executed instead: when the field cannot give this value exactly, or when it
 * fails (execution then reports the failure as it reports any other).
 */
async function dataAsJson(plan: JsonPlan<RequestContext>, variables: Record<string, unknown>, context: RequestContext): Promise<string | undefined> {
  try {
    const value = await plan.answer(getArgumentValues(plan.field, plan.node, variables), context);
    return value === undefined ? undefined : `{${JSON.stringify(plan.key)}:${value}}`;
  } catch {
    return undefined;
  }
}
