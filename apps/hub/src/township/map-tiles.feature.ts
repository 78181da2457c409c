import { MapTiles } from './map-tiles';
import { MapTilesController } from './map-tiles.controller';

/** The township's base map (#12). */
export const MapTilesFeature = {
  controllers: [MapTilesController],
  providers: [MapTiles],
};
