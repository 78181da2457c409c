/**
 * Each township under the region: open, at-risk and breached cases now, cases and 1-3-8 rates today
 * and over the period (from the review roll-ups), and the region's total. The period is two dates.
 */
import { useState } from 'preact/hooks';
import type { RegionRates, RegionTownshipRow } from '@xiaonao/contracts';
import { useLanguage } from '../shared/ui/page-signals';
import { dt, percent } from './district-text';
import type { DistrictStore } from './district-store';

function Rates({ r }: { r: RegionRates }) {
  return (
    <>
      <td class="num">{r.counts.cases}</td>
      <td class="num" title={`${dt('accept')} ${percent(r.rates.accept)} · ${dt('contact')} ${percent(r.rates.contact)} · ${dt('arrive')} ${percent(r.rates.arrive)}`}>
        {percent(r.rates.all138)}
      </td>
    </>
  );
}

function Row({ row, regionName }: { row: Pick<RegionTownshipRow, 'open' | 'openAtRisk' | 'openBreached' | 'today' | 'period'> & { id: string; name: string }; regionName: string }) {
  return (
    <tr data-testid="township-row" data-township-id={row.id}>
      <th scope="row">{row.name}</th>
      <td class="muted">{regionName}</td>
      <td class="num" data-testid="open">
        {row.open}
      </td>
      <td class="num at-risk" data-testid="at-risk">
        {row.openAtRisk}
      </td>
      <td class="num breached" data-testid="breached">
        {row.openBreached}
      </td>
      <Rates r={row.today} />
      <Rates r={row.period} />
    </tr>
  );
}

export function TownshipsTable({ store }: { store: DistrictStore }) {
  useLanguage();
  const view = store.overview.value;
  const [from, setFrom] = useState(store.period.value.from ?? '');
  const [to, setTo] = useState(store.period.value.to ?? '');
  if (!view) return <p class="muted">{dt('loading')}</p>;
  // Open counts follow the live cases once the map has them; rates stay the overview's (roll-ups).
  const live = store.mapLoaded.value ? store.openCounts.value : null;
  const none = { open: 0, openAtRisk: 0, openBreached: 0 };
  const openOf = (row: RegionTownshipRow) => (live ? (live.get(row.id) ?? none) : row);
  const rows = view.townships.map((row) => ({ ...row, ...openOf(row) }));
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((n, r) => n + pick(r), 0);
  const total = { ...view.total, open: sum((r) => r.open), openAtRisk: sum((r) => r.openAtRisk), openBreached: sum((r) => r.openBreached) };
  const regionName = new Map(view.regions.map((r) => [r.id, r.name]));
  const apply = (e: Event) => {
    e.preventDefault();
    store.period.value = { from: from || undefined, to: to || undefined };
    void store.loadOverview().catch((err: unknown) => {
      store.error.value = err instanceof Error ? err.message : String(err);
    });
  };
  return (
    <section class="district-card">
      <div class="card-head">
        <h2>{dt('townships')}</h2>
        <form class="period-form" onSubmit={apply}>
          <span class="muted">{dt('period')}</span>
          <input type="date" value={from || view.period.from} onInput={(e) => setFrom(e.currentTarget.value)} data-testid="period-from" />
          <span>–</span>
          <input type="date" value={to || view.period.to} onInput={(e) => setTo(e.currentTarget.value)} data-testid="period-to" />
          <button class="btn" type="submit">
            {dt('apply')}
          </button>
        </form>
      </div>
      <table class="district-table" data-testid="townships-table">
        <thead>
          <tr>
            <th>{dt('township')}</th>
            <th>{dt('region')}</th>
            <th>{dt('open')}</th>
            <th>{dt('atRisk')}</th>
            <th>{dt('breached')}</th>
            <th>{dt('todayCases')}</th>
            <th>{dt('today138')}</th>
            <th>{dt('periodCases')}</th>
            <th>{dt('period138')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <Row key={row.id} row={row} regionName={regionName.get(row.regionId) ?? ''} />
          ))}
        </tbody>
        <tfoot>
          <Row row={{ id: 'total', name: dt('total'), ...total }} regionName="" />
        </tfoot>
      </table>
    </section>
  );
}
