/** Rules for reaching a worker's phone through outside providers. */
export * from './voice-limits';
