/** Video patrol (视频巡查): alert types and their categories, per-type policy, storms, noisy cameras, a camera case's text. */
export * from './alert-types';
export * from './alert-policy';
export * from './alert-storm';
export * from './camera-noise';
export * from './camera-case';
