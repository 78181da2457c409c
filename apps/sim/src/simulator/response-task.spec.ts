import type { IncidentView } from '@xiaonao/contracts';
import { describe, expect, it } from 'vitest';
import { offsetByMetres } from '../township/geo';
import { createRandom } from '../township/random';
import { moveWorker } from './fleet-move';
import { acceptedTask, readyToArrive, taskFor } from './response-task';
import type { SimWorker } from './roster';
import { newIncidentView } from '../../../../test/support/incident-view';

const site = { lng: 120.53, lat: 30.29 };

function newIncident(over: Partial<IncidentView> = {}): IncidentView {
  return newIncidentView({ location: site, category: 'noise', description: '楼上装修噪音扰民，晚上九点后仍在电钻施工', state: 'accepted', worker: { id: 'me', name: '陈建国', phone: '13900000000' }, ...over });
}

function newWorker(metresFromSite: number, over: Partial<SimWorker> = {}): SimWorker {
  const position = offsetByMetres(site, metresFromSite, 0);
  return {
    id: 'me',
    name: '陈建国',
    account: null,
    onDuty: true,
    area: { polygon: null, home: position, radiusM: 500 },
    position,
    headingRad: 0,
    task: null,
    ...over,
  };
}

const params = { speedMps: { walking: 1.3, ebike: 5 }, patrolSpeedMps: 0.5 };

describe('a case in a worker’s hands', () => {
  it('is taken up only when the hub says this worker holds it', () => {
    const from = offsetByMetres(site, 1000, 0);
    expect(taskFor(newIncident(), 'me', from, 300)).toMatchObject({ stage: 'accepted', mode: 'ebike', target: site });
    expect(taskFor(newIncident({ state: 'arrived' }), 'me', site, 300)).toMatchObject({ stage: 'arrived', mode: 'walking' });
    expect(taskFor(newIncident({ worker: { id: 'other', name: '李', phone: '' } }), 'me', from, 300)).toBeNull();
    expect(taskFor(newIncident({ state: 'closed' }), 'me', from, 300)).toBeNull();
    expect(taskFor(newIncident({ state: 'offered' }), 'me', from, 300)).toBeNull();
  });

  it('starts at accepted after an accept, even when the reply still shows the offer', () => {
    expect(acceptedTask(newIncident({ state: 'offered', worker: null }), site, 300).stage).toBe('accepted');
  });

  it('reports arrival only after contact, once, within the radius', () => {
    const task = acceptedTask(newIncident(), site, 300);
    const near = offsetByMetres(site, 20, 0);
    expect(readyToArrive(task, near, 30)).toBe(false);
    task.stage = 'contacted';
    expect(readyToArrive(task, near, 30)).toBe(true);
    expect(readyToArrive(task, offsetByMetres(site, 45, 0), 30)).toBe(false);
    task.busy = true;
    expect(readyToArrive(task, near, 30)).toBe(false);
  });
});

describe('moving a worker for one tick', () => {
  it('rides towards the case at e-bike speed once accepted', () => {
    const worker = newWorker(2000);
    worker.task = acceptedTask(newIncident(), worker.position, 300);
    const moved = moveWorker(worker, 10, params, createRandom(1));
    expect(moved.position.lng).toBeCloseTo(offsetByMetres(site, 1950, 0).lng, 6);
  });

  it('walks to a case round the corner', () => {
    const worker = newWorker(200);
    worker.task = { ...acceptedTask(newIncident(), worker.position, 300), stage: 'contacted' };
    const moved = moveWorker(worker, 10, params, createRandom(1));
    expect(moved.position.lng).toBeCloseTo(offsetByMetres(site, 187, 0).lng, 6);
  });

  it('stays with the parties while on site', () => {
    const worker = newWorker(5);
    worker.task = { ...acceptedTask(newIncident(), worker.position, 300), stage: 'arrived' };
    expect(moveWorker(worker, 10, params, createRandom(1)).position).toEqual(worker.position);
  });

  it('patrols slowly when idle', () => {
    const worker = newWorker(0);
    const moved = moveWorker(worker, 10, params, createRandom(1));
    const { lng } = offsetByMetres(site, 5, 0);
    expect(Math.hypot(moved.position.lng - site.lng, moved.position.lat - site.lat)).toBeLessThanOrEqual(Math.abs(lng - site.lng) * 1.01);
    expect(moved.position).not.toEqual(site);
  });
});
