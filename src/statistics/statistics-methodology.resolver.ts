import { Query, Resolver } from 'type-graphql';
import { SERVICE_INDEX } from './service-index';
import { METRICS, PRINCIPLES } from './statistics-methodology';
import { StatisticsMethodology } from './statistics-methodology.type';

@Resolver()
export class StatisticsMethodologyResolver {
  @Query(() => StatisticsMethodology, { description: 'The definition of every dossier figure, rate and service-index indicator, in words, as data.' })
  statisticsMethodology(): StatisticsMethodology {
    return { principles: [...PRINCIPLES], metrics: [...METRICS], serviceIndex: [...SERVICE_INDEX] };
  }
}
