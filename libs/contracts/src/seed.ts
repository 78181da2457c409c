/** The shape of a township to load into an empty hub (the demo township, test townships). */
import type { IntegrationKind, GridKind, Role, Team, TravelMode } from './vocabulary';
import type { ResponsibilityView } from './views';
import type { LngLat, PolygonCoordinates } from './geo';
import type { FeedbackSubscriptionRequest } from './feedback';

export interface TownshipSeed {
  code: string;
  name: string;
  center: LngLat;
  /** `leaderCode`: the worker who leads the grid (网格长), told of accept breaches. */
  grids: { code: string; name: string; kind: GridKind; polygon: PolygonCoordinates; leaderCode?: string }[];
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
    /** The worker's DingTalk userid, for work notices (提醒链); without it the DingTalk step is skipped. */
    dingtalkUserId?: string;
  }[];
  /** The responsibility table (权责清单); categories absent from it go to any team, automatically. */
  responsibilities?: (Omit<ResponsibilityView, 'offerMode' | 'raceSize' | 'queueWhenBusy' | 'offerWindowSeconds' | 'returnToPolice'> &
    Partial<Pick<ResponsibilityView, 'offerMode' | 'raceSize' | 'queueWhenBusy' | 'offerWindowSeconds' | 'returnToPolice'>>)[];
  users: {
    username: string;
    password: string;
    displayName: string;
    role: Role;
    workerCode?: string;
    stationCode?: string;
  }[];
  /**
   * Integration keys for the 110 side and positioning platforms; stored hashed. `signingSecret` signs
   * requests to the 110 doors (docs/intake-110.md); absent, it is derived from the key — for tests and
   * the demo only, since whoever holds the key can then sign.
   */
  apiKeys: {
    name: string;
    key: string;
    signingSecret?: string;
    /** Default '110'. */ kind?: IntegrationKind;
    /** Results back to this integration (docs/feedback-110.md); absent: none. */
    feedback?: FeedbackSubscriptionRequest;
  }[];
  /** Video patrol cameras (视频巡查), each placed in a grid by the seed; WGS-84. */
  cameras?: { code: string; name: string; gridCode: string | null; location: LngLat; owner: string; enabled?: boolean }[];
}
