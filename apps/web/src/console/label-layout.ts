/**
 * Where to put map labels so that none covers another: the highest priority first, each at the first of
 * its places (offsets from where it is drawn by default) whose box, with a small gap, meets none already
 * placed; a label with no free place is hidden. Ties go to the earlier key, so the same labels come out
 * the same way on every redraw. Pure: map-labels.ts measures the boxes and applies the answer.
 */
export interface LabelShift {
  dx: number;
  dy: number;
}

export interface LabelBox {
  key: string;
  /** Higher is placed first. */
  priority: number;
  /** The box where the label is drawn by default, in screen pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Places to try in order, as offsets from the default; just the default when absent. */
  places?: readonly LabelShift[];
}

/** Pixels of clear space wanted between two labels. */
export const LABEL_GAP = 4;

const HOME: readonly LabelShift[] = [{ dx: 0, dy: 0 }];

interface Placed {
  left: number;
  top: number;
  width: number;
  height: number;
}

const meets = (a: Placed, b: Placed, gap: number) =>
  a.left < b.left + b.width + gap && b.left < a.left + a.width + gap && a.top < b.top + b.height + gap && b.top < a.top + a.height + gap;

/**
 * The chosen place of each label shown, as an index into its `places`; a label left out is hidden.
 * Empty boxes (not laid out) are never shown and never block.
 */
export function placeLabels(boxes: readonly LabelBox[], gap = LABEL_GAP): Map<string, number> {
  const order = boxes
    .filter((b) => b.width > 0 && b.height > 0)
    .sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const kept: Placed[] = [];
  const chosen = new Map<string, number>();
  for (const box of order) {
    const places = box.places?.length ? box.places : HOME;
    const at = places.findIndex((p) => {
      const moved = { left: box.left + p.dx, top: box.top + p.dy, width: box.width, height: box.height };
      return !kept.some((k) => meets(k, moved, gap));
    });
    if (at < 0) continue;
    kept.push({ left: box.left + places[at].dx, top: box.top + places[at].dy, width: box.width, height: box.height });
    chosen.set(box.key, at);
  }
  return chosen;
}

/** The keys of the labels shown. */
export function visibleLabels(boxes: readonly LabelBox[], gap = LABEL_GAP): Set<string> {
  return new Set(placeLabels(boxes, gap).keys());
}

/**
 * The places of a name drawn by default to the right of its dot (10 px off, vertically centred): there,
 * then to the left, above and below the dot, clear of the first by the gap.
 */
export function placesAroundDot(width: number, height: number): LabelShift[] {
  return [
    { dx: 0, dy: 0 },
    { dx: -(width + 20), dy: 0 },
    { dx: -(width / 2 + 10), dy: -(height + LABEL_GAP) },
    { dx: -(width / 2 + 10), dy: height + LABEL_GAP },
  ];
}
