/** Which items of a list came after its first load, so they flash once (class "fresh") and the first load's do not. */
import { useRef } from 'preact/hooks';

/**
 * Decided once per id, when it is first shown; the mark stays while the item does, so the animation
 * runs to its end through later renders. An item shown again after it left is not new.
 */
export function useArrivals(ids: readonly string[], loaded: boolean): ReadonlySet<string> {
  const seen = useRef(new Set<string>());
  const fresh = useRef(new Set<string>());
  const primed = useRef(false);
  const shown = new Set(ids);
  for (const id of fresh.current) if (!shown.has(id)) fresh.current.delete(id);
  for (const id of ids) {
    if (seen.current.has(id)) continue;
    seen.current.add(id);
    if (primed.current) fresh.current.add(id);
  }
  if (loaded) primed.current = true;
  return fresh.current;
}
