/**
 * Which case category each camera alert type opens. Smoke and fire are fire hazards; a crowd or a fight
 * is a dispute for the township (a fight the police must handle reaches them by 110, not by camera);
 * a parked car blocks a passage; vending and litter are routine "other"; standing water is a leak.
 */
import type { CameraAlertType, Category } from '@xiaonao/contracts';

export const ALERT_CATEGORY: Readonly<Record<CameraAlertType, Category>> = {
  smoke: 'fire_hazard',
  fire: 'fire_hazard',
  crowd: 'dispute',
  fight: 'dispute',
  illegal_parking: 'blocked_passage',
  street_vending: 'other',
  litter: 'other',
  water: 'water_leak',
};

export function categoryOfAlert(type: CameraAlertType): Category {
  return ALERT_CATEGORY[type];
}
