/** Onboarding a township from files: reading and checking each kind, and what an import would change. */
export * from './import-report';
export * from './table-rows';
export * from './change-diff';
export * from './grid-geometry';
export * from './grid-file';
export * from './worker-rows';
export * from './station-rows';
export * from './camera-rows';
export * from './user-rows';
export * from './responsibility-rows';
export * from './clock-rule-file';
