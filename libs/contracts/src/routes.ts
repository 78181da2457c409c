/** HTTP paths of the hub, shared by server, pages and simulator. All JSON. */
export const API = {
  login: '/api/auth/login',
  /** The next access token for a refresh token (rotated: the old one is spent). */
  refresh: '/api/auth/refresh',
  /** Ends the caller's session: its tokens stop working and its sockets are closed. */
  logout: '/api/auth/logout',
  me: '/api/me',
  township: '/api/township',
  responsibilities: '/api/township/responsibilities',
  responsibility: (category: string) => `/api/township/responsibilities/${category}`,
  workers: '/api/workers',
  myWorker: '/api/workers/me',
  myPosition: '/api/workers/me/position',
  myDuty: '/api/workers/me/duty',
  myOffers: '/api/workers/me/offers',
  /** How the phone should behave: fix interval when parked, offer sound (PhoneSettingsView). */
  myPhoneSettings: '/api/workers/me/phone-settings',
  incidents: '/api/incidents',
  incident: (id: string) => `/api/incidents/${id}`,
  accept: (id: string) => `/api/incidents/${id}/accept`,
  decline: (id: string) => `/api/incidents/${id}/decline`,
  contact: (id: string) => `/api/incidents/${id}/contact`,
  arrive: (id: string) => `/api/incidents/${id}/arrive`,
  close: (id: string) => `/api/incidents/${id}/close`,
  confirmDispatch: (id: string) => `/api/incidents/${id}/confirm-dispatch`,
  assign: (id: string) => `/api/incidents/${id}/assign`,
  assist: (id: string) => `/api/incidents/${id}/assist`,
  intake110: '/api/intake/110',
  intakeRefusals: '/api/intake/refusals',
  fleetPositions: '/api/integrations/positions',
  openapi: '/api/openapi.json',
  docs: '/api/docs',
  health: '/health',
  /** Prometheus text, on the metrics listener (METRICS_HOST:METRICS_PORT) only: the public port answers 404. */
  metrics: '/metrics',
  callAttempt: (id: string) => `/api/incidents/${id}/call-attempts`,
  clockSettings: '/api/township/clock-settings',
  timelineVerify: (id: string) => `/api/incidents/${id}/timeline/verify`,
  timelineExport: (id: string, format: 'json' | 'csv') => `/api/incidents/${id}/timeline/export?format=${format}`,
  townshipTimelineVerify: '/api/township/timeline/verify',
  /** Socket events this user missed after a seq (see field.ts). */
  myMissed: (after?: number) => (after === undefined ? '/api/me/missed' : `/api/me/missed?after=${after}`),
  notifySettings: '/api/township/notify-settings',
  /** Every attempt to reach a worker about the case's offers. */
  incidentPages: (id: string) => `/api/incidents/${id}/pages`,
  roster: '/api/township/roster',
  workerDuty: (id: string) => `/api/workers/${id}/duty`,
  /** The signed-in worker's Web Push subscriptions: GET the VAPID key, PUT one, DELETE one (`?endpoint=`). */
  myPush: '/api/workers/me/push',
  myPushEndpoint: (endpoint: string) => `/api/workers/me/push?endpoint=${encodeURIComponent(endpoint)}`,
} as const;
