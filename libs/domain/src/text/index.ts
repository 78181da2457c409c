export * from './text-field';
export * from './json-shape';
