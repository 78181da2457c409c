/**
 * leaflet.heat is a plain script that extends a global `L`. Imported before it, this module makes
 * sure that global is the same Leaflet the page's bundle uses (Leaflet 1.x also sets it; the bundle's
 * order must not depend on that).
 */
import L from 'leaflet';

(globalThis as { L?: typeof L }).L = L;

export default L;
