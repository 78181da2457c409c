import { describe, expect, it } from 'vitest';
import { restUntilAfterJob } from './rest-after-job';

const t0 = new Date('2026-11-21T08:00:00Z');
const after = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('rest after a long job', () => {
  it('gives ten minutes of rest after a job of 45 minutes or more', () => {
    expect(restUntilAfterJob(t0, after(50))).toEqual(after(60));
  });

  it('gives none after a short job, or a case never accepted', () => {
    expect(restUntilAfterJob(t0, after(20))).toBeNull();
    expect(restUntilAfterJob(null, after(90))).toBeNull();
  });
});
