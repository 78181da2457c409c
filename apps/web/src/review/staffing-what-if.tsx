/** 排班推演 / staffing what-if (placeholder until the form lands). */
import type { JSX } from 'preact';
import type { ApiClient } from '../shared/api-client';

export interface StaffingWhatIfProps {
  api: ApiClient;
  /** The township's grids, for the "one grid" choice. */
  grids: readonly { id: string; code: string; name: string }[];
}

export function StaffingWhatIf(_props: StaffingWhatIfProps): JSX.Element {
  return <section data-testid="staffing-what-if" />;
}
