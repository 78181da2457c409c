import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Category, IncidentState, LngLat } from '@xiaonao/contracts';
import { INCIDENT_STATES } from '@xiaonao/contracts';
import { distanceMeters } from '../geo/coordinates';
import { DEFAULT_LINK_RULES, linkingEnabled, linkLockCells, linkSearchBox, linkTarget, mayLink, type IncomingReport, type LinkCandidate } from './link-report';
import { withinBounds } from '../geo/bounds';

const METRES_PER_DEGREE_LAT = 111_195;
const SITE: LngLat = { lng: 120.505, lat: 30.285 };
const T0 = new Date('2026-11-21T01:30:00Z');
const north = (m: number, from: LngLat = SITE): LngLat => ({ lng: from.lng, lat: from.lat + m / METRES_PER_DEGREE_LAT });
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function newReport(overrides: Partial<IncomingReport> = {}): IncomingReport {
  return { category: 'noise', site: SITE, receivedAt: T0, pointUncertain: false, ...overrides };
}

let ids = 0;
function newCandidate(overrides: Partial<LinkCandidate> = {}): LinkCandidate {
  ids++;
  return { id: `i${String(ids).padStart(3, '0')}`, category: 'noise', state: 'received', site: SITE, lastReportAt: T0, pointUncertain: false, ...overrides };
}

describe('linking a report to an open incident of the same event', () => {
  it('links a report of the same category at the same place and time', () => {
    const open = newCandidate();
    expect(linkTarget(newReport(), [open])).toEqual({ incidentId: open.id, distanceM: 0 });
  });

  it('links within the radius, and not a metre beyond it', () => {
    const inside = newCandidate({ site: north(149) });
    const outside = newCandidate({ site: north(152) });
    expect(linkTarget(newReport(), [inside])?.incidentId).toBe(inside.id);
    expect(linkTarget(newReport(), [outside])).toBeNull();
    expect(linkTarget(newReport(), [inside])?.distanceM).toBe(149);
  });

  it('links within the window either side of the latest report, and not beyond it', () => {
    expect(linkTarget(newReport({ receivedAt: minutes(30) }), [newCandidate()])).not.toBeNull();
    expect(linkTarget(newReport({ receivedAt: minutes(-30) }), [newCandidate()])).not.toBeNull();
    expect(linkTarget(newReport({ receivedAt: minutes(31) }), [newCandidate()])).toBeNull();
    // A 110 transfer can arrive after a later report of the same event: the gap counts, not the order.
    expect(linkTarget(newReport({ receivedAt: minutes(-31) }), [newCandidate()])).toBeNull();
  });

  it('measures time from the incident’s latest report, so a continuing event keeps gathering reports', () => {
    const stillReported = newCandidate({ lastReportAt: minutes(40) });
    expect(linkTarget(newReport({ receivedAt: minutes(65) }), [stillReported])?.incidentId).toBe(stillReported.id);
  });

  it('never links across categories', () => {
    expect(linkTarget(newReport({ category: 'dispute' }), [newCandidate({ category: 'noise' })])).toBeNull();
  });

  it('never links to a closed incident, and links to one in any open state', () => {
    expect(linkTarget(newReport(), [newCandidate({ state: 'closed' })])).toBeNull();
    for (const state of INCIDENT_STATES.filter((s): s is Exclude<IncidentState, 'closed'> => s !== 'closed')) {
      expect(linkTarget(newReport(), [newCandidate({ state })]), state).not.toBeNull();
    }
  });

  it('neither links a report whose point is a guess nor links to an incident whose point is', () => {
    expect(linkTarget(newReport({ pointUncertain: true }), [newCandidate()])).toBeNull();
    expect(linkTarget(newReport(), [newCandidate({ pointUncertain: true })])).toBeNull();
    expect(mayLink(newReport({ pointUncertain: true }), DEFAULT_LINK_RULES)).toBe(false);
  });

  it('takes the nearest of several, then the most recently reported, then the lowest id', () => {
    const far = newCandidate({ site: north(100) });
    const near = newCandidate({ site: north(20) });
    expect(linkTarget(newReport(), [far, near])?.incidentId).toBe(near.id);
    const older = newCandidate({ site: north(50), lastReportAt: minutes(-10) });
    const newer = newCandidate({ site: north(50), lastReportAt: minutes(-5) });
    expect(linkTarget(newReport(), [older, newer])?.incidentId).toBe(newer.id);
    const a = newCandidate({ id: 'a', site: north(50) });
    const b = newCandidate({ id: 'b', site: north(50) });
    expect(linkTarget(newReport(), [b, a])?.incidentId).toBe('a');
  });

  it('makes a case of its own when nothing is open', () => {
    expect(linkTarget(newReport(), [])).toBeNull();
  });

  it('follows the rules it is given, and links nothing when either is zero', () => {
    const at300 = newCandidate({ site: north(300) });
    expect(linkTarget(newReport(), [at300], { radiusM: 500, windowMs: 60_000 })?.incidentId).toBe(at300.id);
    expect(linkTarget(newReport(), [newCandidate()], { radiusM: 0, windowMs: 60_000 })).toBeNull();
    expect(linkTarget(newReport(), [newCandidate()], { radiusM: 150, windowMs: 0 })).toBeNull();
    expect(linkingEnabled({ radiusM: 0, windowMs: 1 })).toBe(false);
    expect(linkingEnabled(DEFAULT_LINK_RULES)).toBe(true);
  });

  it('defaults to 150 m and 30 minutes', () => {
    expect(DEFAULT_LINK_RULES).toEqual({ radiusM: 150, windowMs: 30 * 60_000 });
  });
});

describe('the search box the database narrows candidates with', () => {
  it('holds every point within the radius, in every direction', () => {
    const box = linkSearchBox(SITE, 150);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const rad = (bearing * Math.PI) / 180;
      const dLat = (149 * Math.cos(rad)) / METRES_PER_DEGREE_LAT;
      const dLng = (149 * Math.sin(rad)) / (METRES_PER_DEGREE_LAT * Math.cos((SITE.lat * Math.PI) / 180));
      const p = { lng: SITE.lng + dLng, lat: SITE.lat + dLat };
      expect(distanceMeters(p, SITE)).toBeLessThan(150);
      expect(withinBounds(p, box), `bearing ${bearing}`).toBe(true);
    }
    expect(withinBounds(north(300), box)).toBe(false);
  });
});

describe('linking, for any reports and incidents', () => {
  const categories: Category[] = ['noise', 'dispute', 'fire_hazard'];
  const point = fc.record({ dx: fc.integer({ min: -400, max: 400 }), dy: fc.integer({ min: -400, max: 400 }) }).map(({ dx, dy }) => ({
    lng: SITE.lng + dx / (METRES_PER_DEGREE_LAT * Math.cos((SITE.lat * Math.PI) / 180)),
    lat: SITE.lat + dy / METRES_PER_DEGREE_LAT,
  }));
  const report = fc.record({
    category: fc.constantFrom(...categories),
    site: point,
    receivedAt: fc.integer({ min: -90, max: 90 }).map(minutes),
    pointUncertain: fc.boolean(),
  });
  const candidates = fc.uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-f0-9]{6}$/),
      category: fc.constantFrom(...categories),
      state: fc.constantFrom(...INCIDENT_STATES),
      site: point,
      lastReportAt: fc.integer({ min: -90, max: 90 }).map(minutes),
      pointUncertain: fc.boolean(),
    }),
    { selector: (c) => c.id, maxLength: 8 },
  );

  it('only ever picks an open incident of the category within the radius and window', () => {
    fc.assert(
      fc.property(report, candidates, (r, cs) => {
        const choice = linkTarget(r, cs);
        if (!choice) return;
        const picked = cs.find((c) => c.id === choice.incidentId);
        expect(picked).toBeDefined();
        if (!picked) return;
        expect(picked.state).not.toBe('closed');
        expect(picked.category).toBe(r.category);
        expect(r.pointUncertain || picked.pointUncertain).toBe(false);
        expect(distanceMeters(r.site, picked.site)).toBeLessThanOrEqual(DEFAULT_LINK_RULES.radiusM);
        expect(Math.abs(r.receivedAt.getTime() - picked.lastReportAt.getTime())).toBeLessThanOrEqual(DEFAULT_LINK_RULES.windowMs);
      }),
    );
  });

  it('picks the same incident whatever order the candidates come in, and one whenever any qualifies', () => {
    fc.assert(
      fc.property(report, candidates, (r, cs) => {
        const choice = linkTarget(r, cs);
        expect(linkTarget(r, [...cs].reverse())).toEqual(choice);
        const qualifies = cs.some(
          (c) =>
            c.state !== 'closed' &&
            c.category === r.category &&
            !c.pointUncertain &&
            !r.pointUncertain &&
            distanceMeters(r.site, c.site) <= DEFAULT_LINK_RULES.radiusM &&
            Math.abs(r.receivedAt.getTime() - c.lastReportAt.getTime()) <= DEFAULT_LINK_RULES.windowMs,
        );
        expect(choice !== null).toBe(qualifies);
      }),
    );
  });
});

describe('linkLockCells', () => {
  const radiusM = 150;
  const site = { lng: 120.52, lat: 30.29 };
  const near = (dLng: number, dLat: number) => ({ lng: site.lng + dLng, lat: site.lat + dLat });

  it('gives two reports that could join each other a cell in common, wherever the grid lines fall', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 73, max: 135, noNaN: true }),
        fc.double({ min: 18, max: 54, noNaN: true }),
        fc.double({ min: -0.002, max: 0.002, noNaN: true }),
        fc.double({ min: -0.0014, max: 0.0014, noNaN: true }),
        (lng, lat, dLng, dLat) => {
          const a = { lng, lat };
          const b = { lng: lng + dLng, lat: lat + dLat };
          fc.pre(distanceMeters(a, b) <= radiusM);
          const theirs = linkLockCells(b, radiusM);
          return linkLockCells(a, radiusM).some((c) => theirs.includes(c));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('lets reports a few kilometres apart decide at once, each holding one to four cells, in order', () => {
    const here = linkLockCells(site, radiusM);
    const there = linkLockCells(near(0.03, 0.02), radiusM);
    expect(here.filter((c) => there.includes(c))).toEqual([]);
    expect(here.length).toBeGreaterThanOrEqual(1);
    expect(here.length).toBeLessThanOrEqual(4);
    expect([...here].sort()).toEqual(here);
  });
});
