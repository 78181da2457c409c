/** The shape of a township to load into an empty hub (the demo township, test townships). */
import type { IntegrationKind, GridKind, RegionRole, Team, TownshipRole, TravelMode } from './vocabulary';
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
  /**
   * The regions the township lies in, outermost first (e.g. 杭州市, then 萧山区); it is placed in the
   * last. Each is found by its code or created, so townships naming the same region share it.
   */
  regions?: RegionSeed[];
  users: {
    username: string;
    password: string;
    displayName: string;
    role: TownshipRole;
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

/** A region (区/市) a township lies in, with the region's own accounts; docs/regions.md. */
export interface RegionSeed {
  code: string;
  name: string;
  /** 'city', 'district' or a free label: the levels are data. */
  kind: string;
  /** Created with the region if their usernames are new; never changed if they exist. */
  users?: { username: string; password: string; displayName: string; role: RegionRole }[];
}
