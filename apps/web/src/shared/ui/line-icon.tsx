/** The line icons of shared/icons.ts as a component, drawn from the same paths so the two never differ. */
import { icon, type IconName } from '../icons';

const inner = new Map<IconName, string>();

/** The paths are the module's own constants, never user text: setting them as markup is safe. */
function pathsOf(name: IconName): string {
  let markup = inner.get(name);
  if (markup === undefined) {
    markup = icon(name).innerHTML;
    inner.set(name, markup);
  }
  return markup;
}

export function LineIcon({ name, class: className = 'icon' }: { name: IconName; class?: string }) {
  return <svg viewBox="0 0 24 24" class={className} aria-hidden="true" dangerouslySetInnerHTML={{ __html: pathsOf(name) }} />;
}
