/**
 * The district view (#13, docs/regions.md): region accounts read the townships under their region,
 * joined to AppModule's lists like the other features.
 */
import { RegionController } from './region.controller';
import { RegionQueries } from './region-queries';

export const RegionFeature = {
  controllers: [RegionController],
  providers: [RegionQueries],
} as const;
