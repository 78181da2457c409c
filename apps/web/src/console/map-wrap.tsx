/** The map side of the console: the map, its legend, the base-map switch, 网格指数 and the panels floating over it. */
import { locale } from '../shared/i18n';
import { useLanguage } from '../shared/ui/page-signals';
import { useActions } from './console-context';
import { gridIndexOn, openPanels } from './console-store';
import { FeedbackPanel } from './feedback-panel';
import { FollowUpPanel } from './followup-panel';
import { GridIndexPanel } from './grid-index-panel';
import { Legend } from './legend';
import { MapHost } from './map-host';
import { NewCaseForm } from './new-case-form';
import { NotifySettingsPanel } from './notify-settings-panel';
import { RosterPanel } from './roster-panel';
import { TileSwitch } from './tile-switch';

/** 网格指数 on the map, in its corner. */
function GridIndexToggle() {
  useLanguage();
  const actions = useActions();
  const on = gridIndexOn.value;
  return (
    <button type="button" class={on ? 'grid-index-toggle on' : 'grid-index-toggle'} data-testid="grid-index-toggle" aria-pressed={on} onClick={() => actions.switchGridIndex(!on)}>
      {locale() === 'en' ? 'Grid index' : '网格指数'}
    </button>
  );
}

function Panels() {
  const open = openPanels.value;
  return (
    <>
      {open.has('newCase') ? <NewCaseForm /> : null}
      {open.has('roster') ? <RosterPanel /> : null}
      {open.has('notify') ? <NotifySettingsPanel /> : null}
      {open.has('feedback') ? <FeedbackPanel /> : null}
      {open.has('followUp') ? <FollowUpPanel /> : null}
      {open.has('gridIndex') ? <GridIndexPanel /> : null}
    </>
  );
}

export function MapWrap() {
  return (
    <section class="map-wrap">
      <MapHost />
      <Legend />
      <TileSwitch />
      <GridIndexToggle />
      <Panels />
    </section>
  );
}
