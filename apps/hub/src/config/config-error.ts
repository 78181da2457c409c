/** A bad environment variable: the start stops with a message naming it. */
export class ConfigError extends Error {}
