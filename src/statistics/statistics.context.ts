import type { RequestContext } from '../graphql/context';
import type { DossierStatisticsService } from './dossier-statistics.service';
import type { PublishedFigureService } from './published-figure.service';

/** What the statistics' resolvers use. */
export interface StatisticsContext extends RequestContext {
  services: { statistics: DossierStatisticsService; publishedFigures: PublishedFigureService };
}
