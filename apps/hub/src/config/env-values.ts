/** Reading one setting of the environment: shared by every part of the configuration that reads integers. */
import { ConfigError } from './config-error';

export type Env = Record<string, string | undefined>;

/** `raw` as an integer ≥ `min`; a ConfigError naming the setting otherwise. */
export function integerSetting(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} 须为不小于 ${min} 的整数 / must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

/** The integer setting `name`, or `fallback` when it is unset or empty. */
export function envInt(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : integerSetting(name, raw, min);
}
