import { CreateDispatchCore1763700000000 } from './1763700000000-create-dispatch-core';

/** Every migration, in order. New ones are appended here. */
export const MIGRATIONS = [CreateDispatchCore1763700000000];
