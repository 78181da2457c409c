/**
 * The map legend: grid kinds, worker statuses, stale positions (with how many), whether a worker can be
 * reached (the dot's ring), case pins.
 */
import { GRID_KINDS, GRID_KIND_LABELS, WORKER_STATUSES, WORKER_STATUS_LABELS } from '@xiaonao/contracts';
import { label, t } from '../shared/i18n';
import { useLanguage } from '../shared/ui/page-signals';
import { staleWorkers } from './console-store';
import { GRID_COLOURS, WORKER_COLOURS } from './map-colours';
import { REACH_COLOURS, REACH_VERDICTS, verdictText } from './reachability';

/** How many workers are drawn stale; its own component, so only it follows the count. */
function StaleCount() {
  return (
    <span class="legend-count num" data-testid="stale-count">
      {String(staleWorkers.value)}
    </span>
  );
}

export function Legend() {
  useLanguage();
  return (
    <div id="legend" class="legend">
      {GRID_KINDS.map((kind) => (
        <div key={kind} class="legend-item">
          <span class="swatch swatch-grid" style={`--c:${GRID_COLOURS[kind]}`} />
          {label(GRID_KIND_LABELS, kind)}
        </div>
      ))}
      {WORKER_STATUSES.map((status) => (
        <div key={status} class="legend-item">
          <span class="swatch swatch-dot" style={`--c:${WORKER_COLOURS[status]}`} />
          {label(WORKER_STATUS_LABELS, status)}
        </div>
      ))}
      <div class="legend-item">
        <span class="swatch swatch-dot" style={`--c:${WORKER_COLOURS.off_duty}`} />
        {t('offDuty')}
      </div>
      <div class="legend-item">
        <span class="swatch swatch-dot swatch-stale" style={`--c:${WORKER_COLOURS.available}`} />
        {t('staleLegend')}
        <StaleCount />
      </div>
      {/* Only the doubtful and the bad get a ring: a reachable worker is the normal case. */}
      {REACH_VERDICTS.filter((verdict) => verdict !== 'good').map((verdict) => (
        <div key={verdict} class="legend-item" data-reach={verdict}>
          <span class="swatch swatch-dot swatch-reach" style={`--c:${WORKER_COLOURS.available};--ring:${REACH_COLOURS[verdict]}`} />
          {verdictText(verdict)}
        </div>
      ))}
      <div class="legend-item">
        <span class="swatch swatch-pin">!</span>
        {t('incident')}
      </div>
    </div>
  );
}
