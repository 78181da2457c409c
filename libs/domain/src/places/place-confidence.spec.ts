import { describe, expect, it } from 'vitest';
import { judgeLocation, needsConfirmation, PLACE_CONFIRM_THRESHOLD, placeConfidence } from './place-confidence';

const METRES_PER_DEGREE_LAT = 111_195;
const at = (metresNorth: number) => ({ location: { lng: 120.52, lat: 30.29 + metresNorth / METRES_PER_DEGREE_LAT } });

describe('place confidence', () => {
  it('is certain of the same text, however it is written', () => {
    expect(placeConfidence('新围村１２组35号', '新围村12组35号', 0.8)).toBe(1);
  });

  it('trusts a long name found inside a slightly longer address', () => {
    // 「河庄农贸市场门口」 against 「河庄农贸市场」: word similarity 0.857 in pg_trgm.
    expect(placeConfidence('河庄农贸市场门口', '河庄农贸市场', 0.857)).toBeGreaterThan(PLACE_CONFIRM_THRESHOLD);
  });

  it('doubts a short entry that covers little of a long address', () => {
    // 「新围村」 inside 「新围村12组99号」 scores 0.75, but only says which village.
    const village = placeConfidence('新围村12组99号', '新围村', 0.75);
    expect(village).toBeLessThan(PLACE_CONFIRM_THRESHOLD);
    expect(village).toBeGreaterThan(0.3);
  });

  it('lowers a look-alike address the more, the earlier its numbers part', () => {
    const sameGroup = placeConfidence('新围村12组99号', '新围村12组35号', 0.6);
    const otherGroup = placeConfidence('新围村13组35号', '新围村12组35号', 0.6);
    expect(sameGroup).toBeCloseTo(0.45, 3);
    expect(otherGroup).toBeCloseTo(0.3, 3);
    expect(placeConfidence('新围村12组99号', '新围村12组', 0.6)).toBeGreaterThan(sameGroup);
  });

  it('stays within 0..1 whatever similarity it is given', () => {
    expect(placeConfidence('河庄菜场', '河庄菜市场', 7)).toBeLessThanOrEqual(1);
    expect(placeConfidence('河庄菜场', '河庄菜市场', Number.NaN)).toBe(0);
    expect(placeConfidence('', '河庄菜市场', 0.5)).toBe(0);
  });

  it('asks for confirmation below the threshold, which the caller may move', () => {
    expect(needsConfirmation(0.59)).toBe(true);
    expect(needsConfirmation(0.6)).toBe(false);
    expect(needsConfirmation(0.7, 0.8)).toBe(true);
  });
});

describe('judging a location from scored entries', () => {
  it('takes the most confident entry', () => {
    const judged = judgeLocation([
      { place: { id: 'b', ...at(50) }, confidence: 0.4 },
      { place: { id: 'a', ...at(0) }, confidence: 0.9 },
    ]);
    expect(judged).toMatchObject({ place: { id: 'a' }, confidence: 0.9, needsConfirmation: false });
  });

  it('suggests nothing below the floor, a toss-up between weak entries included', () => {
    expect(judgeLocation([{ place: at(0), confidence: 0.2 }])).toBeNull();
    expect(judgeLocation([])).toBeNull();
    expect(judgeLocation([{ place: at(0), confidence: 0.2 }], { floor: 0.1 })).not.toBeNull();
    expect(
      judgeLocation([
        { place: at(0), confidence: 0.4 },
        { place: at(2_000), confidence: 0.4 },
      ]),
    ).toBeNull();
  });

  it('halves the confidence when an equally good entry lies elsewhere', () => {
    const judged = judgeLocation([
      { place: { id: 'a', ...at(0) }, confidence: 1 },
      { place: { id: 'b', ...at(2_000) }, confidence: 1 },
    ]);
    expect(judged?.confidence).toBe(0.5);
    expect(judged?.needsConfirmation).toBe(true);
  });

  it('does not count a rival next door, or one clearly worse', () => {
    const nextDoor = judgeLocation([
      { place: at(0), confidence: 0.9 },
      { place: at(100), confidence: 0.9 },
    ]);
    const worse = judgeLocation([
      { place: at(0), confidence: 0.9 },
      { place: at(2_000), confidence: 0.7 },
    ]);
    expect(nextDoor?.confidence).toBe(0.9);
    expect(worse?.confidence).toBe(0.9);
  });

  it('uses the threshold it is given', () => {
    expect(judgeLocation([{ place: at(0), confidence: 0.7 }], { threshold: 0.8 })?.needsConfirmation).toBe(true);
  });
});
