/** A chain as a short label for a benchmark's params, e.g. `socket@0 dingtalk@5 sms@12 voice@15`. */
export function chainLabel(steps: readonly { channel: string; afterSeconds: number }[]): string {
  return steps.map((s) => `${s.channel}@${s.afterSeconds}`).join(' ');
}
