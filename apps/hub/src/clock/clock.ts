/** The one clock the hub reads. Injected so tests can move time; never call `new Date()` for domain time elsewhere. */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
