/**
 * The gazetteer's parts (标准地址), joined to AppModule's own lists rather than made a Nest module:
 * its endpoints use the operator session guard, whose AuthService lives in AppModule, and a module of
 * their own would need a second AuthService and JWT set-up that could drift from the first.
 * GazetteerService is then injectable anywhere in the hub (intake will call `locate`).
 */
import { GazetteerService } from './gazetteer.service';
import { PlaceStore } from './place-store';
import { PlacesController } from './places.controller';

export const PlacesFeature = {
  controllers: [PlacesController],
  providers: [PlaceStore, GazetteerService],
} as const;
