import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeLabels, placesAroundDot, visibleLabels, type LabelBox } from './label-layout';

const box = (key: string, left: number, top: number, priority = 0, width = 60, height = 16): LabelBox => ({ key, priority, left, top, width, height });

describe('labels that would overlap', () => {
  it('keeps every label that stands clear', () => {
    expect(visibleLabels([box('a', 0, 0), box('b', 100, 0), box('c', 0, 40)])).toEqual(new Set(['a', 'b', 'c']));
  });

  it('hides the lower priority of two that meet, and the later key on a tie', () => {
    expect(visibleLabels([box('grid', 0, 0, 0), box('worker', 30, 5, 2)])).toEqual(new Set(['worker']));
    expect(visibleLabels([box('b', 0, 0), box('a', 30, 5)])).toEqual(new Set(['a']));
  });

  it('lets a hidden label block nothing: a chain keeps its first and third', () => {
    expect(visibleLabels([box('a', 0, 0), box('b', 50, 0), box('c', 100, 0)])).toEqual(new Set(['a', 'c']));
  });

  it('wants a gap between neighbours, and ignores labels not laid out', () => {
    expect(visibleLabels([box('a', 0, 0), box('b', 63, 0)])).toEqual(new Set(['a']));
    expect(visibleLabels([box('a', 0, 0), box('b', 65, 0), box('c', 0, 0, 5, 0, 0)])).toEqual(new Set(['a', 'b']));
  });

  it('never shows two labels that overlap, whatever the boxes', () => {
    const arb = fc.array(fc.record({ left: fc.integer({ min: 0, max: 400 }), top: fc.integer({ min: 0, max: 300 }), priority: fc.integer({ min: 0, max: 3 }) }), { maxLength: 40 });
    fc.assert(
      fc.property(arb, (raw) => {
        const boxes = raw.map((r, i) => box(`l${i}`, r.left, r.top, r.priority));
        const shown = boxes.filter((b) => visibleLabels(boxes).has(b.key));
        for (const a of shown) for (const b of shown) if (a !== b) expect(a.left + a.width + 4 <= b.left || b.left + b.width + 4 <= a.left || a.top + a.height + 4 <= b.top || b.top + b.height + 4 <= a.top).toBe(true);
        // Every hidden label meets a shown one of at least its priority.
        for (const h of boxes.filter((b) => !visibleLabels(boxes).has(b.key))) expect(shown.some((s) => s.priority >= h.priority)).toBe(true);
      }),
    );
  });
});

describe('labels with other places to go', () => {
  const around = (w: number) => placesAroundDot(w, 16);

  it('moves a label to its next free place before hiding it', () => {
    // Three workers 40 px apart on a line, names 52 px wide to the right of each dot.
    const names = [0, 40, 80].map((x, i) => ({ ...box(`w${i}`, x + 10, 100, 2, 52, 16), places: around(52) }));
    const placed = placeLabels(names);
    expect([...placed.keys()].sort()).toEqual(['w0', 'w1', 'w2']);
    expect(placed.get('w0')).toBe(0);
    expect(placed.get('w1')).not.toBe(0);
  });

  it('hides a label only when every place is taken', () => {
    const blocker = box('big', -200, -200, 5, 500, 500);
    expect(placeLabels([blocker, { ...box('w', 10, 10, 1), places: around(60) }]).has('w')).toBe(false);
  });
});
