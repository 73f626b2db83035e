import { Ctx, Extensions, Query, Resolver } from 'type-graphql';
import { CACHED_UNTIL_CATALOGUE_CHANGES } from '../graphql/response-cache';
import { Dataset } from './dataset.type';
import { LICENCE } from './licence';
import { FORMATS, type Format } from './opendata.service';
import type { OpenDataContext as Context } from './opendata.context';

@Resolver()
export class DatasetResolver {
  @Extensions(CACHED_UNTIL_CATALOGUE_CHANGES)
  @Query(() => [Dataset], { description: 'The open-data downloads, with their columns and the paths of their files: for download buttons.' })
  datasets(@Ctx() ctx: Context): Dataset[] {
    const licence = `${LICENCE.title} (${LICENCE.path})`;
    const tables = ctx.services.openData.datasets().map((dataset) => ({
      id: dataset.id,
      titleVi: dataset.title.vi,
      titleEn: dataset.title.en,
      descriptionVi: dataset.description.vi,
      descriptionEn: dataset.description.en,
      takesAsOf: dataset.asOf,
      licence,
      columns: [...dataset.columns],
      distributions: (Object.keys(FORMATS) as Format[]).map((format) => ({
        format: FORMATS[format].title,
        mediaType: FORMATS[format].mediaType,
        path: `/opendata/${dataset.id}.${format}`,
      })),
    }));
    const records = ctx.services.openData.recordDatasets().map((dataset) => ({
      id: dataset.id,
      titleVi: dataset.title.vi,
      titleEn: dataset.title.en,
      descriptionVi: dataset.description.vi,
      descriptionEn: dataset.description.en,
      takesAsOf: true,
      licence,
      columns: [],
      distributions: [{ format: dataset.formatTitle, mediaType: dataset.mediaType, path: `/opendata/${dataset.id}.${dataset.extension}` }],
    }));
    return [...tables, ...records];
  }
}
