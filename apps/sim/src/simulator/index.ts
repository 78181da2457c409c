export { startSimulator, type RunningSimulator } from './simulator';
export { resolveOptions, SimulatorOptionsError, type SimulatorOptions } from './simulator-options';
export type { SimulatorStats } from './simulator-stats';
export type { MsRange } from './responder-policy';
export type { TravelMode } from './movement';
