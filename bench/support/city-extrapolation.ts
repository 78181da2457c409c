/**
 * From the city bench's figures on this machine to a city on real hardware: an extrapolation, stated
 * with its assumptions, never a measurement. Chinese first, then English.
 */
import { round } from './stats';

export interface CityFigures {
  /** Hub CPU per position message (net of idle), summed over the hubs, µs. */
  cpuUsPerFixThree: number;
  cpuUsPerFixOne: number;
  /** The database's CPU per fix (its backends serving the hubs), gross, µs. */
  postgresUsPerFix: number;
  /** Phone connections the hubs accepted per second while all connected at once. */
  connectsPerS: number;
  hubs: number;
  /** Hub resident memory per connected phone, bytes. */
  bytesPerPhone: number;
  /** A hub process with no phones connected, bytes. */
  idleHubBytes: number;
  offerP50Ms: number;
  offerP99Ms: number;
  /** The city the issue names. */
  cityFixesPerS: number;
  cityPhones: number;
  /** The run's own sizes, for the caveat when they were smaller than the city's. */
  measuredPhones: number;
  measuredFixesPerS: number;
  loadAverage: number;
  cores: number;
}

/** A Node process is one event loop: plan each hub at this share of a core, leaving room for bursts and GC. */
const HUB_CORE_TARGET = 0.5;

export interface Extrapolation {
  /** CPU per fix of each extra hub process, µs: every hub applies every other hub's news. */
  applyUsPerFixPerExtraHub: number;
  /** Hub processes needed so each stays at or below HUB_CORE_TARGET of a core; null when no count does. */
  hubsNeeded: number | null;
  /** Cores for position traffic at the city's rate, with hubsNeeded processes (or the measured count). */
  coresForFixes: number;
  ramGbForPhones: number;
  zh: string;
  en: string;
}

export function extrapolate(f: CityFigures): Extrapolation {
  // cost(N) = cost(1) + (N − 1) × apply, from the two layouts measured; each process carries cost(N) / N of every fix.
  const apply = Math.max(0, (f.cpuUsPerFixThree - f.cpuUsPerFixOne) / Math.max(1, f.hubs - 1));
  const cores = (n: number) => (f.cityFixesPerS * (f.cpuUsPerFixOne + (n - 1) * apply)) / 1e6;
  let hubsNeeded: number | null = null;
  for (let n = 1; n <= 64 && hubsNeeded === null; n++) if (cores(n) / n <= HUB_CORE_TARGET) hubsNeeded = n;
  const planned = hubsNeeded ?? f.hubs;
  const coresForFixes = cores(planned);
  // However many processes, each applies nearly every fix the others take: the floor of a process's load.
  const applyFloor = (f.cityFixesPerS * apply) / 1e6;
  const ramGbForPhones = (f.bytesPerPhone * f.cityPhones + f.idleHubBytes * planned) / 2 ** 30;
  const scaled = f.measuredPhones < f.cityPhones || f.measuredFixesPerS < f.cityFixesPerS;
  const atMeasured = { total: round(cores(f.hubs), 1), each: round(cores(f.hubs) / f.hubs, 2) };
  const zh = [
    `按本机测得的数字外推（不是实测）：每条位置消息的中枢 CPU 单进程 ${round(f.cpuUsPerFixOne, 0)} µs，${f.hubs} 进程合计 ${round(f.cpuUsPerFixThree, 0)} µs，即每多一个进程每条消息多 ${round(apply, 0)} µs（每个进程都要应用其他进程广播的位置）。`,
    `全市 ${f.cityFixesPerS} 条/秒：${f.hubs} 个进程合计约 ${atMeasured.total} 核，每个进程约 ${atMeasured.each} 核（Node 进程只有一个事件循环，超过 1 核即跟不上）。` +
      (hubsNeeded !== null
        ? `要让每个进程不超过半个核，需要约 ${hubsNeeded} 个进程、合计约 ${round(coresForFixes, 1)} 个核。`
        : `无论多少进程都无法让每个进程不超过半个核：每个进程仅应用其他进程的广播就要约 ${round(applyFloor, 2)} 核。要到全市规模，需要更便宜的广播应用（更大的批、只发给持有该乡镇索引的进程）或按乡镇分配属主进程（见 live-supply 基准的原型）。`) +
      `PostgreSQL 为中枢服务的后端每条消息约 ${round(f.postgresUsPerFix, 0)} µs（含案件与告警），全市约 ${round((f.cityFixesPerS * f.postgresUsPerFix) / 1e6, 1)} 核；NATS 未单独计量。`,
    `连接：本机中枢每秒接受约 ${round(f.connectsPerS, 0)} 部手机的连接，${f.cityPhones} 部全部重连约需 ${round(f.cityPhones / Math.max(1, f.connectsPerS) / 60, 1)} 分钟（例如一个进程宕机后其手机重连时按比例计）。`,
    `内存：每部在线手机约 ${round(f.bytesPerPhone / 1024, 1)} KB，${f.cityPhones} 部约 ${round((f.bytesPerPhone * f.cityPhones) / 2 ** 30, 2)} GB，加上 ${planned} 个空进程各约 ${round(f.idleHubBytes / 2 ** 20, 0)} MB，合计约 ${round(ramGbForPhones, 1)} GB。`,
    `派单延迟 p50 ${round(f.offerP50Ms, 0)} ms / p99 ${round(f.offerP99Ms, 0)} ms 是在 ${f.cores} 核、负载均值 ${round(f.loadAverage, 1)} 的机器上测得，主要反映排队；在核数充足的机器上应接近单独的 intake-to-offer 基准，此处不作推算。`,
    `假设：每条消息的 CPU 不随核数变化、随进程数线性增长；位置均匀分布在各进程；不含 TLS、负载均衡器和操作系统的网络开销。${scaled ? `本次规模（${f.measuredPhones} 部手机、${f.measuredFixesPerS} 条/秒）小于全市规模，按比例放大。` : ''}`,
  ].join('\n');
  const en = [
    `Extrapolated from this machine's figures (not measured): hub CPU per position message is ${round(f.cpuUsPerFixOne, 0)} µs on one process and ${round(f.cpuUsPerFixThree, 0)} µs summed over ${f.hubs}, so each extra process adds ${round(apply, 0)} µs per message (every process applies the others' broadcast positions).`,
    `At the city's ${f.cityFixesPerS} fixes/s: ${f.hubs} processes need about ${atMeasured.total} cores in all, ${atMeasured.each} each (a Node process is one event loop: above one core it falls behind). ` +
      (hubsNeeded !== null
        ? `Keeping each at or below half a core takes about ${hubsNeeded} process${hubsNeeded === 1 ? '' : 'es'} and ${round(coresForFixes, 1)} cores. `
        : `No process count keeps each at or below half a core: applying the others' broadcasts alone costs each process about ${round(applyFloor, 2)} cores. A city-sized deployment needs cheaper applying (bigger batches, news only to processes holding that township's index) or one owner process per township (the live-supply bench's prototype). `) +
      `PostgreSQL's backends serving the hubs spent about ${round(f.postgresUsPerFix, 0)} µs per fix (cases and alerts included): about ${round((f.cityFixesPerS * f.postgresUsPerFix) / 1e6, 1)} cores for the city; NATS is not metered.`,
    `Connections: the hubs here accepted about ${round(f.connectsPerS, 0)} phones a second, so all ${f.cityPhones} reconnecting at once would take about ${round(f.cityPhones / Math.max(1, f.connectsPerS) / 60, 1)} minutes (in proportion when one process dies and its phones move).`,
    `Memory: about ${round(f.bytesPerPhone / 1024, 1)} KB per connected phone, ${round((f.bytesPerPhone * f.cityPhones) / 2 ** 30, 2)} GB for ${f.cityPhones} phones, plus about ${round(f.idleHubBytes / 2 ** 20, 0)} MB for each of ${planned} idle process${planned === 1 ? '' : 'es'}: about ${round(ramGbForPhones, 1)} GB in all.`,
    `Offer latency p50 ${round(f.offerP50Ms, 0)} ms / p99 ${round(f.offerP99Ms, 0)} ms was measured on ${f.cores} cores at load average ${round(f.loadAverage, 1)} and is mostly queueing; with enough cores it should approach the standalone intake-to-offer bench. It is not extrapolated.`,
    `Assumptions: CPU per message does not change with the core count and grows linearly with the number of processes; positions spread evenly over the processes; no TLS, load balancer or kernel network cost included.${scaled ? ` This run (${f.measuredPhones} phones, ${f.measuredFixesPerS} fixes/s) was smaller than the city and is scaled up in proportion.` : ''}`,
  ].join('\n');
  return { applyUsPerFixPerExtraHub: apply, hubsNeeded, coresForFixes, ramGbForPhones, zh, en };
}
