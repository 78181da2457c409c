export * from './counts';
export * from './period';
export * from './repeats';
export * from './cells';
export * from './grid-index';
export * from './csv';
