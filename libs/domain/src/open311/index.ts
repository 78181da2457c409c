export * from './open311-status';
export * from './open311-services';
export * from './open311-time';
