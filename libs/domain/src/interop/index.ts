/** Standards exports: a case as a NENA EIDO, a camera alert as OASIS CAP 1.2 (see docs/eido-cap.md). */
export * from './shanghai-iso';
export * from './markup';
export * from './eido-ids';
export * from './eido';
export * from './cap';
