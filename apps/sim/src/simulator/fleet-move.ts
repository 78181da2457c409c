/** One movement tick for one simulated worker. Pure: elapsed time and randomness come in, a new walker goes out. */
import type { Random } from '../township/random';
import { patrolStep, stepToward, type TravelMode, type Walker } from './movement';
import { isTravelling } from './response-task';
import type { SimWorker } from './roster';

export interface MoveParams {
  speedMps: Record<TravelMode, number>;
  patrolSpeedMps: number;
}

export function moveWorker(worker: SimWorker, elapsedS: number, params: MoveParams, random: Random): Walker {
  const walker: Walker = { position: worker.position, headingRad: worker.headingRad };
  const { task } = worker;
  if (task && isTravelling(task)) {
    return { position: stepToward(worker.position, task.target, params.speedMps[task.mode] * elapsedS).position, headingRad: worker.headingRad };
  }
  // On site, the worker stays with the parties until the case is closed.
  if (task) return walker;
  return patrolStep(walker, worker.area, params.patrolSpeedMps * elapsedS, random);
}
