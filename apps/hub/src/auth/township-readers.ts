/** Who reads the whole township's cases and review, not only their own: the command room and its leaders. */
import type { Role } from '@xiaonao/contracts';

/**
 * Operators run the township; leaders (镇领导) read all of it and change nothing — the routes they may
 * call say so (`@Roles`), not this. Workers read their own cases, stations their handoffs. A switch, so
 * a new role has to be placed here.
 */
export function readsWholeTownship(role: Role): boolean {
  switch (role) {
    case 'operator':
    case 'leader':
      return true;
    // Region accounts (admin, district) belong to no township: they read townships through the district view (region-scope.ts).
    case 'worker':
    case 'station':
    case 'admin':
    case 'district':
      return false;
  }
}
