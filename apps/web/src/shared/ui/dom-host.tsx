/** A node built by a shared DOM helper (shared/case-timeline.ts and the like), placed inside a component. */
import { useLayoutEffect, useRef } from 'preact/hooks';

/** A plain block holding `node`; a new node replaces the old one. Preact leaves the block's content alone. */
export function DomHost({ node, testId }: { node: Node; testId?: string }) {
  const host = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    host.current?.replaceChildren(node);
  }, [node]);
  return <div ref={host} data-testid={testId} />;
}
