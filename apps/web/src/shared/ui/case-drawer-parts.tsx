/** The pieces every read-only case drawer (station, review, district) draws the same way; laid out by shared/case-drawer.css. */
import type { ComponentChildren, Ref } from 'preact';

/** One fact of the case; left out when there is nothing to say. */
export function Fact({ name, value }: { name: string; value: string | null | undefined }) {
  if (!value) return null;
  return (
    <div class="fact">
      <dt>{name}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** The drawer's head: its title, the case number, the state badge the page passes as children, and the close button. */
export function DrawerHead({
  title,
  caseNo,
  closeLabel,
  onClose,
  closeRef,
  children,
}: {
  title: string;
  caseNo: string;
  closeLabel: string;
  onClose: () => void;
  closeRef?: Ref<HTMLButtonElement>;
  children?: ComponentChildren;
}) {
  return (
    <div class="drawer-head">
      <div>
        <div class="drawer-title">{title}</div>
        <div class="drawer-case-no num" data-testid="drawer-case-no">
          {caseNo}
        </div>
      </div>
      {children}
      <button ref={closeRef} class="btn btn-ghost" type="button" data-testid="drawer-close" aria-label={closeLabel} onClick={onClose}>
        ✕
      </button>
    </div>
  );
}
