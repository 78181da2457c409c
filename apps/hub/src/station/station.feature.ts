/** The station's search (#12), joined to AppModule's lists like the other features: it reads through AppModule's IncidentStore. */
import { StationController } from './station.controller';
import { StationSearch } from './station-search';

export const StationFeature = {
  controllers: [StationController],
  providers: [StationSearch],
} as const;
