/** The heat map card: a Leaflet map made once, given each new answer (and the grids once the township is read). */
import type { JSX } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { CsvLink } from './csv-link';
import { HeatMap } from './heat-map';
import type { ReviewStore } from './review-store';
import { rt } from './review-text';

export function HeatmapSection({ store }: { store: ReviewStore }): JSX.Element {
  const box = useRef<HTMLDivElement>(null);
  const map = useRef<HeatMap | null>(null);
  const view = store.heatmap.value.value;
  const township = store.township.value.value;

  useEffect(() => {
    if (!box.current) return;
    const made = new HeatMap(box.current, store.api);
    map.current = made;
    return () => {
      made.destroy();
      map.current = null;
    };
  }, [store.api]);

  useEffect(() => {
    map.current?.show(view, township?.grids ?? [], township?.center ?? null);
  }, [view, township]);

  const cases = view?.points.reduce((n, p) => n + p.weight, 0) ?? 0;
  return (
    <section class="review-card" data-testid="heatmap-card">
      <header class="card-head">
        <h2>{rt('heatmap')}</h2>
        <span class="muted">{view ? rt('heatCount', { n: view.points.length, c: cases }) : rt('loading')}</span>
        <CsvLink api={store.api} table="heatmap" query={store.exportQuery('heatmap')} />
      </header>
      <div ref={box} class="heat-map" data-testid="heatmap" />
    </section>
  );
}
