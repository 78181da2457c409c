/** The active case's small map: Leaflet's element (case-map.ts) placed once, its markers moved as the phone does. */
import type { IncidentView } from '@xiaonao/contracts';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { caseMap, dropCaseMap, refreshCaseMap } from './case-map';
import { position } from './phone-store';

export function CaseMap({ incident }: { incident: IncidentView }) {
  const host = useRef<HTMLDivElement>(null);
  const self = position.value;
  const { id, location } = incident;
  useLayoutEffect(() => {
    const el = caseMap(id, location, self);
    if (host.current && el.parentElement !== host.current) {
      host.current.replaceChildren(el);
      refreshCaseMap();
    }
  }, [id, location.lng, location.lat, self]);
  useEffect(() => () => dropCaseMap(id), [id]);
  return <div ref={host} />;
}
