/**
 * A case that came with an address but no point is placed from the township gazetteer. No plausible
 * match refuses the case (422) so that the sender gives a point instead; a weak match places it and
 * says so, and the case waits for an operator to confirm the point before dispatch.
 */
import type { LngLat } from '@xiaonao/contracts';
import { DomainError } from '@xiaonao/domain';
import type { GazetteerService } from '../../places/gazetteer.service';
import type { Placement } from './new-case';

/** Opens its own transaction (the gazetteer's search): call it before the case's. */
export async function placeByAddress(gazetteer: GazetteerService, townshipId: string, address: string): Promise<{ site: LngLat; placement: Placement }> {
  const found = address.trim() ? await gazetteer.locate(townshipId, address) : null;
  if (!found) {
    throw new DomainError(
      'PLACE_NOT_FOUND',
      'address：标准地址库中找不到该地址，无法定位；请提供 location（经纬度）或在地图上选点',
      'address: not found in the township gazetteer; give location (a point) instead',
      'address',
    );
  }
  return {
    site: found.location,
    placement: { placeId: found.placeId, confidence: found.confidence, needsConfirmation: found.needsConfirmation, placeName: found.name || found.address },
  };
}
