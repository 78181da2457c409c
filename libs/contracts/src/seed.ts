/** The shape of a township to load into an empty hub (the demo township, test townships). */
import type { Category, DispatchMode, GridKind, Role, Team, TravelMode } from './vocabulary';
import type { LngLat, PolygonCoordinates } from './geo';

export interface TownshipSeed {
  code: string;
  name: string;
  center: LngLat;
  grids: { code: string; name: string; kind: GridKind; polygon: PolygonCoordinates }[];
  stations: { code: string; name: string }[];
  workers: {
    code: string;
    name: string;
    phone: string;
    team: Team;
    gridCode: string | null;
    onDuty: boolean;
    location: LngLat | null;
    /** Default: on foot and e-bike. */
    travelModes?: TravelMode[];
  }[];
  /** The responsibility table (权责清单); categories absent from it go to any team, automatically. */
  responsibilities?: { category: Category; teams: Team[]; priority: number; dispatchMode: DispatchMode; policeOnly: boolean }[];
  users: {
    username: string;
    password: string;
    displayName: string;
    role: Role;
    workerCode?: string;
    stationCode?: string;
  }[];
  /** Integration keys for the 110 side and positioning platforms; stored hashed. */
  apiKeys: { name: string; key: string }[];
}
