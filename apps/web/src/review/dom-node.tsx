/** A DOM node built by the shared hyperscript helpers (the case timeline, its verdict badge) placed inside Preact's tree. */
import type { JSX } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

export function DomNode({ node, testId, inline = false }: { node: Node; testId?: string; inline?: boolean }): JSX.Element {
  const box = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    box.current?.replaceChildren(node);
  }, [node]);
  return <span ref={box} class={inline ? 'dom-node' : 'dom-node dom-node-block'} data-testid={testId} />;
}
