export * from './geo';
export * from './vocabulary';
export * from './views';
export * from './rest';
export * from './socket';
export * from './bus';
export * from './seed';
export * from './routes';
