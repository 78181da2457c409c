/** A node built by a shared DOM helper (shared/case-timeline.ts and the like), placed inside a component. */
import { useLayoutEffect, useRef } from 'preact/hooks';

/**
 * A plain block holding `node` (a span with `inline`, for a badge inside a heading); a new node replaces
 * the old one. Preact leaves the holder's content alone.
 */
export function DomHost({ node, testId, inline = false }: { node: Node; testId?: string; inline?: boolean }) {
  const host = useRef<HTMLDivElement & HTMLSpanElement>(null);
  useLayoutEffect(() => {
    host.current?.replaceChildren(node);
  }, [node]);
  return inline ? <span ref={host} data-testid={testId} /> : <div ref={host} data-testid={testId} />;
}
