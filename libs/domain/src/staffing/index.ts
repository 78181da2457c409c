export * from './staffing-replay';
