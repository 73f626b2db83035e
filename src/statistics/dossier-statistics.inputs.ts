import { GraphQLDate } from 'graphql-scalars';
import { MaxLength } from 'class-validator';
import { ArgsType, Field, registerEnumType } from 'type-graphql';
import { MAX_CODE_LENGTH } from '../catalogue/procedure.inputs';
import { AdministrativeLevel } from '../shared/levels';
import type { StatisticsQuery } from './dossier-statistics.service';
import { toDay } from './period';

export enum SeriesIntervalValue {
  MONTH = 'month',
  QUARTER = 'quarter',
  YEAR = 'year',
}
registerEnumType(SeriesIntervalValue, {
  name: 'SeriesInterval',
  description: 'Calendar periods of a series (Asia/Ho_Chi_Minh calendar).',
  valuesConfig: {
    MONTH: { description: 'One point per calendar month.' },
    QUARTER: { description: 'One point per calendar quarter.' },
    YEAR: { description: 'One point per calendar year.' },
  },
});

/** What every statistics query takes besides its unit: the period and what to count. */
@ArgsType()
export class StatisticsFilterArgs {
  @Field(() => GraphQLDate, { description: 'First day of the period (Asia/Ho_Chi_Minh calendar).' })
  from!: Date;

  @Field(() => GraphQLDate, { description: 'Last day of the period, inclusive. At most 20 years after `from`.' })
  to!: Date;

  @Field(() => Boolean, { defaultValue: true, description: "Count the dossiers of the unit's sub-units too (a province with its districts and communes)." })
  includeSubunits!: boolean;

  @Field(() => AdministrativeLevel, { nullable: true, description: 'Only dossiers of procedures handled at this level.' })
  level?: AdministrativeLevel | null;

  @Field(() => String, { nullable: true, description: 'Only dossiers of procedures in this field (Field.code).' })
  @MaxLength(MAX_CODE_LENGTH)
  fieldCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Only dossiers of this procedure (national code; may be outside the local catalogue).' })
  @MaxLength(MAX_CODE_LENGTH)
  procedureCode?: string | null;
}

@ArgsType()
export class StatisticsArgs extends StatisticsFilterArgs {
  @Field(() => String, { description: 'Statistics code of the administrative unit (AdministrativeUnit.code).' })
  @MaxLength(10)
  unitCode!: string;
}

@ArgsType()
export class StatisticsSeriesArgs extends StatisticsArgs {
  @Field(() => SeriesIntervalValue, {
    description: 'One point per calendar month, quarter or year (at most 120 points); the first and last are cut to the range.',
  })
  interval!: SeriesIntervalValue;
}

/** The arguments as the statistics service takes them: days of the Asia/Ho_Chi_Minh calendar, absent filters null. */
export const toStatisticsQuery = (unitCode: string, args: StatisticsFilterArgs): StatisticsQuery => ({
  unitCode,
  from: toDay(args.from),
  to: toDay(args.to),
  includeSubunits: args.includeSubunits,
  level: args.level ?? null,
  fieldCode: args.fieldCode ?? null,
  procedureCode: args.procedureCode ?? null,
});
