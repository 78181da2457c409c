/** A worker's reachability as a badge (可联系 / 存疑 / 联系不上); the worker's whole view, when known, in its tooltip. */
import type { ReachabilityView } from '@xiaonao/contracts';
import { reachabilityLines, verdictText, type ReachVerdict } from './reachability';

export function ReachBadge({ verdict, reach, now }: { verdict: ReachVerdict; reach: ReachabilityView | undefined | null; now: number }) {
  return (
    <span class="reach-badge" data-verdict={verdict} data-testid="reach-badge" title={reach ? reachabilityLines(reach, now).join('\n') : undefined}>
      {verdictText(verdict)}
    </span>
  );
}
