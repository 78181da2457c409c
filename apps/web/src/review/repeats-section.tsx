/** 重复地点 (one address, or within a radius) and 重复来电 (numbers masked by the hub), with their thresholds. */
import type { JSX } from 'preact';
import type { RepeatCallersView, RepeatPlacesView, TownshipView } from '@xiaonao/contracts';
import { CsvLink } from './csv-link';
import type { RepeatChoice, ReviewStore } from './review-store';
import { rt } from './review-text';

export function PlacesTable({ view, township }: { view: RepeatPlacesView; township: TownshipView | null }): JSX.Element {
  const gridName = (id: string | null) => (id ? (township?.grids.find((g) => g.id === id)?.name ?? '—') : '—');
  return (
    <table class="review-table" data-testid="repeat-places">
      <thead>
        <tr>
          <th>{rt('address')}</th>
          <th>{rt('grid')}</th>
          <th>{rt('cases')}</th>
          <th>{rt('peak')}</th>
          <th>{rt('firstDay')}</th>
          <th>{rt('lastDay')}</th>
        </tr>
      </thead>
      <tbody>
        {view.places.map((p) => (
          <tr key={`${p.address}|${p.lng}|${p.lat}`}>
            <td>{p.address}</td>
            <td>{gridName(p.gridId)}</td>
            <td class="num">{p.cases}</td>
            <td class="num">{p.peak}</td>
            <td class="num">{p.firstDay}</td>
            <td class="num">{p.lastDay}</td>
          </tr>
        ))}
        {view.places.length ? null : (
          <tr>
            <td colSpan={6} class="empty">
              {rt('noRepeats')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

export function CallersTable({ view }: { view: RepeatCallersView }): JSX.Element {
  return (
    <table class="review-table" data-testid="repeat-callers">
      <thead>
        <tr>
          <th>{rt('phone')}</th>
          <th>{rt('cases')}</th>
          <th>{rt('peak')}</th>
          <th>{rt('firstDay')}</th>
          <th>{rt('lastDay')}</th>
        </tr>
      </thead>
      <tbody>
        {view.callers.map((c) => (
          <tr key={c.phone}>
            <td class="num">{c.phone}</td>
            <td class="num">{c.cases}</td>
            <td class="num">{c.peak}</td>
            <td class="num">{c.firstDay}</td>
            <td class="num">{c.lastDay}</td>
          </tr>
        ))}
        {view.callers.length ? null : (
          <tr>
            <td colSpan={5} class="empty">
              {rt('noRepeats')}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

function RepeatInputs({ store }: { store: ReviewStore }): JSX.Element {
  const choice = store.repeat.value;
  const places = store.places.value.value;
  const change = (next: Partial<RepeatChoice>) => void store.setRepeat({ ...choice, ...next });
  const whole = (value: string) => value.replace(/\D/g, '');
  return (
    <div class="repeat-inputs" data-testid="repeat-inputs">
      <select data-testid="repeat-mode" value={choice.mode} onChange={(e) => change({ mode: e.currentTarget.value === 'radius' ? 'radius' : 'address' })}>
        <option value="address">{rt('modeAddress')}</option>
        <option value="radius">{rt('modeRadius')}</option>
      </select>
      {choice.mode === 'radius' ? (
        <label>
          {rt('radiusM')}
          <input type="number" min={10} max={2000} step={10} data-testid="repeat-radius" value={choice.radiusM} onChange={(e) => change({ radiusM: Number(e.currentTarget.value) || 200 })} />
        </label>
      ) : null}
      <label>
        {rt('minCases')}
        <input type="number" min={2} max={1000} data-testid="repeat-min-cases" placeholder={places ? String(places.minCases) : rt('byDefault')} value={choice.minCases} onChange={(e) => change({ minCases: whole(e.currentTarget.value) })} />
      </label>
      <label>
        {rt('days')}
        <input type="number" min={1} max={366} data-testid="repeat-days" placeholder={places ? String(places.days) : rt('byDefault')} value={choice.days} onChange={(e) => change({ days: whole(e.currentTarget.value) })} />
      </label>
    </div>
  );
}

export function RepeatsSection({ store }: { store: ReviewStore }): JSX.Element {
  const places = store.places.value.value;
  const callers = store.callers.value.value;
  const township = store.township.value.value;
  return (
    <section class="review-card" data-testid="repeats">
      <header class="card-head">
        <h2>{rt('repeats')}</h2>
      </header>
      <RepeatInputs store={store} />
      <div class="sub-head">
        <h3>{rt('repeatPlaces')}</h3>
        <CsvLink api={store.api} table="repeat-places" query={store.exportQuery('repeat-places')} />
      </div>
      <div class="table-wrap">{places ? <PlacesTable view={places} township={township} /> : <p class="muted">{rt('loading')}</p>}</div>
      <div class="sub-head">
        <h3>{rt('repeatCallers')}</h3>
        <CsvLink api={store.api} table="repeat-callers" query={store.exportQuery('repeat-callers')} />
      </div>
      <div class="table-wrap">{callers ? <CallersTable view={callers} /> : <p class="muted">{rt('loading')}</p>}</div>
    </section>
  );
}
