import 'reflect-metadata';
import '../graphql/shared-enums';
import { lexicographicSortSchema, printSchema, type GraphQLInterfaceType, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { validateArgument } from '../graphql/argument-validation';
import { AgencyResolver } from '../catalogue/agency.resolver';
import { CatalogueSummaryResolver, FieldCountResolver } from '../catalogue/catalogue-summary.resolver';
import { FieldResolver } from '../catalogue/field.resolver';
import { CatalogueHistoryResolver } from '../catalogue/history/catalogue-history.resolver';
import { CatalogueEditResolver } from '../catalogue/edit/catalogue-edit.resolver';
import { CatalogueAuditResolver } from '../catalogue/history/catalogue-audit.resolver';
import { DatasetResolver } from '../opendata/dataset.resolver';
import { ProcedureResolver } from '../catalogue/procedure.resolver';
import { ProcedureSuggestionResolver } from '../catalogue/search/procedure-suggestion.resolver';
import { AdministrativeUnitResolver } from '../units/administrative-unit.resolver';
import { NodeResolver } from './node.resolver';
import { nodeTypeName } from '../graphql/node.type';
import { DossierStatisticsResolver } from '../statistics/dossier-statistics.resolver';
import { DossierUpsertResolver } from '../dossiers/dossier-upsert.resolver';
import { PublishedFigureResolver } from '../statistics/published-figure.resolver';
import { ServiceIndexResolver } from '../statistics/service-index.resolver';
import { StatisticsMethodologyResolver } from '../statistics/statistics-methodology.resolver';
import { UnitRankingResolver } from '../statistics/unit-ranking.resolver';

/** Every resolver of the API: the features' and the node lookup. */
const resolvers = [
  NodeResolver,
  ProcedureResolver,
  CatalogueSummaryResolver,
  FieldCountResolver,
  FieldResolver,
  AgencyResolver,
  AdministrativeUnitResolver,
  ProcedureSuggestionResolver,
  CatalogueHistoryResolver,
  CatalogueEditResolver,
  CatalogueAuditResolver,
  DatasetResolver,
  DossierStatisticsResolver,
  UnitRankingResolver,
  ServiceIndexResolver,
  StatisticsMethodologyResolver,
  PublishedFigureResolver,
  DossierUpsertResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/** The schema is built from the decorated classes once per process. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers,
    // class-validator checks the bounds declared on inputs (list sizes, string lengths, ranges).
    validateFn: validateArgument,
  }).then((schema) => {
    // type-graphql has no option for the root type's description; every type must have one.
    schema.getQueryType()!.description =
      "Read API of a province's administrative procedure catalogue and its dossier statistics. Public data; no authentication.";
    schema.getMutationType()!.description = "Writes by agencies' systems, authenticated with an API key (Authorization: Bearer <key>).";
    // type-graphql wraps a resolveType in an async function; compiled execution (graphql-jit) needs
    // the type at once, not a promise of it.
    (schema.getType('Node') as GraphQLInterfaceType).resolveType = nodeTypeName;
    return schema;
  });
  return built;
}

/** The SDL as committed in schema/schema.graphql: sorted, so the file changes only when the API does. */
export async function printAppSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await buildAppSchema()))}\n`;
}
