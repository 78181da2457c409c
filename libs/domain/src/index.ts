export * from './errors';
export * from './clock/one-three-eight';
export * from './incident/incident-lifecycle';
export * from './geo/coordinates';
export * from './dispatch/nearest-worker';
export * from './dispatch/travel-estimate';
export * from './dispatch/recommend-workers';
export * from './dispatch/rest-after-job';
