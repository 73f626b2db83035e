import { Field, ObjectType } from 'type-graphql';

@ObjectType({ simpleResolvers: true, description: 'A column of a dataset (a field of its Table Schema).' })
export class DatasetColumn {
  @Field({ description: 'Name, English snake_case.' })
  name!: string;

  @Field({ description: 'Frictionless type: string, integer, number, boolean, date or datetime.' })
  type!: string;

  @Field({ description: 'What it holds.' })
  description!: string;

  @Field({ description: 'false when a cell may be empty (unknown; never written as 0).' })
  required!: boolean;
}

@ObjectType({ simpleResolvers: true, description: 'A file a dataset can be downloaded as.' })
export class DatasetDistribution {
  @Field({ description: 'CSV, NDJSON, Parquet or JSON-LD.' })
  format!: string;

  @Field({ description: 'Its media type.' })
  mediaType!: string;

  @Field({
    description: 'Where to download it, relative to this API (e.g. `/opendata/procedures.csv`); catalogue datasets take `?asOf=YYYY-MM-DD`, CSV `?bom=true`.',
  })
  path!: string;
}

@ObjectType({ simpleResolvers: true, description: 'An open-data download (licence CC BY 4.0); `/opendata/datapackage.json` describes them all.' })
export class Dataset {
  @Field({ description: 'Its name in download paths.' })
  id!: string;

  @Field({ description: 'Title in Vietnamese.' })
  titleVi!: string;

  @Field({ description: 'Title in English.' })
  titleEn!: string;

  @Field({ description: 'Description in Vietnamese.' })
  descriptionVi!: string;

  @Field({ description: 'Description in English.' })
  descriptionEn!: string;

  @Field({ description: 'Whether it takes `asOf` (the catalogue as in force on a day).' })
  takesAsOf!: boolean;

  @Field({ description: 'The licence every dataset is published under.' })
  licence!: string;

  @Field(() => [DatasetColumn], { description: 'Its columns, in order; none for a dataset of whole records.' })
  columns!: DatasetColumn[];

  @Field(() => [DatasetDistribution], { description: 'The files it can be downloaded as.' })
  distributions!: DatasetDistribution[];
}
