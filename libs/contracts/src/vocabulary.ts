/** Closed vocabularies shared by hub, pages and simulator, with their Chinese and English labels. */

export const INCIDENT_STATES = ['received', 'offered', 'accepted', 'contacted', 'arrived', 'closed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

export const CLOCK_STAGES = ['accept', 'contact', 'arrive'] as const;
export type ClockStage = (typeof CLOCK_STAGES)[number];

/** pending: running; at_risk: past the warning share; breached: past the deadline; met / met_late: done. */
export const CLOCK_STATUSES = ['pending', 'at_risk', 'breached', 'met', 'met_late'] as const;
export type ClockStatus = (typeof CLOCK_STATUSES)[number];

/** leader (镇领导): reads the township's 研判 and case histories, changes nothing (#12). */
export const TOWNSHIP_ROLES = ['operator', 'worker', 'station', 'leader'] as const;
export type TownshipRole = (typeof TOWNSHIP_ROLES)[number];
/**
 * Accounts of a region (区/市, docs/regions.md), not of a township (#13): admin (区/市管理员) onboards the
 * townships under it; district (区/市指挥中心) watches them and changes nothing. Both see only their region.
 */
export const REGION_ROLES = ['admin', 'district'] as const;
export type RegionRole = (typeof REGION_ROLES)[number];
export const ROLES = [...TOWNSHIP_ROLES, ...REGION_ROLES] as const;
export type Role = (typeof ROLES)[number];

export function isRegionRole(role: Role): role is RegionRole {
  return (REGION_ROLES as readonly Role[]).includes(role);
}

export const GRID_KINDS = ['market_town', 'village', 'dedicated'] as const;
export type GridKind = (typeof GRID_KINDS)[number];

export const WORKER_STATUSES = ['available', 'offered', 'busy'] as const;
export type WorkerStatus = (typeof WORKER_STATUSES)[number];

export const TEAMS = ['grid_worker', 'governance_grid_worker', 'mediator', 'enforcement', 'police_patrol', 'volunteer'] as const;
export type Team = (typeof TEAMS)[number];

export const CATEGORIES = [
  'dispute',
  'noise',
  'fire_hazard',
  'blocked_passage',
  'stray_animal',
  'elderly_help',
  'water_leak',
  'other',
  // Police matters: the responsibility table marks them police-only and intake refuses them back.
  'theft',
  'assault',
  'traffic_accident',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Doors a case comes in by: a 110 transfer, a camera alert, an operator's entry (phone, walk-in), a worker's patrol report. */
export const INCIDENT_SOURCES = ['110', 'camera', 'operator', 'patrol', '12345', 'open311'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];

/** What a timeline entry records. The hub writes only these; pages label them from TIMELINE_LABELS. */
export const TIMELINE_TYPES = [
  'received',
  'offered',
  'offer_expired',
  'declined',
  'accepted',
  'contacted',
  'arrived',
  'closed',
  'clock_at_risk',
  'clock_breached',
  'arrival_at_risk',
  'dispatch_confirmed',
  'assigned_by_operator',
  'assist_added',
  'queue_started',
  'call_attempted',
  'unreachable',
  'escalated',
  'report_linked',
  'report_split',
  'point_confirmed',
  'paged',
  // Closing the loop (#11): back to the police or to 12345, the station's 签收, 回访, reopening, 督办, 销号.
  'returned_to_police',
  'handed_to_12345',
  'station_acknowledged',
  'followup_scheduled',
  'followup_recorded',
  'followup_overdue',
  'reopened',
  'supervision_opened',
  'supervision_overdue',
  'supervision_resolved',
  'signed_off',
] as const;
export type TimelineType = (typeof TIMELINE_TYPES)[number];

export const TRAVEL_MODES = ['foot', 'ebike', 'car'] as const;
export type TravelMode = (typeof TRAVEL_MODES)[number];

/** Why a worker was not chosen, or was ranked last. */
export const SKIP_REASONS = ['off_duty', 'busy', 'offered', 'wrong_team', 'no_position', 'outside_radius', 'resting', 'declined_recently'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type Locale = 'zh' | 'en';
export type Labels<K extends string> = Record<K, Record<Locale, string>>;

export const CATEGORY_LABELS: Labels<Category> = {
  dispute: { zh: '纠纷', en: 'Dispute' },
  noise: { zh: '噪音扰民', en: 'Noise' },
  fire_hazard: { zh: '消防隐患', en: 'Fire hazard' },
  blocked_passage: { zh: '通道堵塞', en: 'Blocked passage' },
  stray_animal: { zh: '流浪动物', en: 'Stray animal' },
  elderly_help: { zh: '老人求助', en: 'Elderly in trouble' },
  water_leak: { zh: '漏水', en: 'Water leak' },
  other: { zh: '其他', en: 'Other' },
  theft: { zh: '盗窃', en: 'Theft' },
  assault: { zh: '打架斗殴', en: 'Assault' },
  traffic_accident: { zh: '交通事故', en: 'Traffic accident' },
};

/** Categories that are police matters wherever they arrive: the demo table marks them police-only. */
export const POLICE_CATEGORIES = ['theft', 'assault', 'traffic_accident'] as const satisfies readonly Category[];

export const DISPATCH_MODES = ['auto', 'confirm'] as const;
/** auto: the hub offers the case at once; confirm: it waits for an operator to confirm. */
export type DispatchMode = (typeof DISPATCH_MODES)[number];

export const OFFER_MODES = ['sequential', 'race'] as const;
/** sequential: one worker at a time, each with a short window; race: the top N at once, first to accept wins. */
export type OfferMode = (typeof OFFER_MODES)[number];

export const INCIDENT_STATE_LABELS: Labels<IncidentState> = {
  received: { zh: '待派单', en: 'Received' },
  offered: { zh: '派单中', en: 'Offered' },
  accepted: { zh: '已接单', en: 'Accepted' },
  contacted: { zh: '已联系', en: 'Contacted' },
  arrived: { zh: '已到场', en: 'On site' },
  closed: { zh: '已办结', en: 'Closed' },
};

export const CLOCK_STAGE_LABELS: Labels<ClockStage> = {
  accept: { zh: '1分钟接单', en: 'Accept 1 min' },
  contact: { zh: '3分钟联系', en: 'Contact 3 min' },
  arrive: { zh: '8分钟到场', en: 'Arrive 8 min' },
};

export const CLOCK_STATUS_LABELS: Labels<ClockStatus> = {
  pending: { zh: '计时中', en: 'Running' },
  at_risk: { zh: '即将超时', en: 'At risk' },
  breached: { zh: '已超时', en: 'Breached' },
  met: { zh: '按时完成', en: 'Met' },
  met_late: { zh: '超时完成', en: 'Met late' },
};

export const WORKER_STATUS_LABELS: Labels<WorkerStatus> = {
  available: { zh: '空闲', en: 'Available' },
  offered: { zh: '待接单', en: 'Offer pending' },
  busy: { zh: '处置中', en: 'Busy' },
};

export const GRID_KIND_LABELS: Labels<GridKind> = {
  market_town: { zh: '集镇网格', en: 'Market-town grid' },
  village: { zh: '村社网格', en: 'Village grid' },
  dedicated: { zh: '专属网格', en: 'Dedicated grid' },
};

export const TEAM_LABELS: Labels<Team> = {
  grid_worker: { zh: '专职网格员', en: 'Full-time grid worker' },
  governance_grid_worker: { zh: '治理网格员', en: 'Governance grid worker' },
  mediator: { zh: '调解员', en: 'Mediator' },
  enforcement: { zh: '综合执法', en: 'Enforcement' },
  police_patrol: { zh: '派出所巡逻', en: 'Police patrol' },
  volunteer: { zh: '群防群治', en: 'Volunteer patrol' },
};

export const ROLE_LABELS: Labels<Role> = {
  operator: { zh: '指挥室值班员', en: 'Command-room operator' },
  worker: { zh: '网格员', en: 'Grid worker' },
  station: { zh: '派出所', en: 'Police station' },
  leader: { zh: '镇领导', en: 'Township leader' },
  admin: { zh: '区/市管理员', en: 'District/city administrator' },
  district: { zh: '区/市指挥中心', en: 'District/city command centre' },
};

export const TIMELINE_LABELS: Labels<TimelineType> = {
  received: { zh: '接收警情', en: 'Case received' },
  offered: { zh: '派单', en: 'Offered' },
  offer_expired: { zh: '派单超时未响应', en: 'Offer not answered in time' },
  declined: { zh: '拒单', en: 'Declined' },
  accepted: { zh: '接单', en: 'Accepted' },
  contacted: { zh: '联系当事人', en: 'Party contacted' },
  arrived: { zh: '到场', en: 'Arrived on site' },
  closed: { zh: '办结', en: 'Closed' },
  clock_at_risk: { zh: '即将超时预警', en: 'At-risk warning' },
  clock_breached: { zh: '超时告警', en: 'Target breached' },
  arrival_at_risk: { zh: '8分钟到达存在风险', en: 'Arrival within 8 minutes at risk' },
  dispatch_confirmed: { zh: '值班员确认派单', en: 'Dispatch confirmed by operator' },
  assigned_by_operator: { zh: '值班员指派', en: 'Assigned by operator' },
  assist_added: { zh: '增派协助人员', en: 'Second worker added' },
  queue_started: { zh: '排队任务开始处置', en: 'Queued case started' },
  call_attempted: { zh: '拨打当事人电话', en: 'Call to the party' },
  unreachable: { zh: '联系不上当事人', en: 'Party unreachable' },
  escalated: { zh: '超时升级处置', en: 'Escalated' },
  report_linked: { zh: '关联新报告', en: 'Report linked' },
  report_split: { zh: '拆分报告为新事件', en: 'Report split off' },
  point_confirmed: { zh: '值班员确认位置', en: 'Point confirmed by operator' },
  paged: { zh: '提醒网格员', en: 'Worker paged' },
  returned_to_police: { zh: '退回公安', en: 'Returned to the police' },
  handed_to_12345: { zh: '移交12345', en: 'Handed over to 12345' },
  station_acknowledged: { zh: '派出所签收', en: 'Acknowledged by the station' },
  followup_scheduled: { zh: '安排回访', en: 'Return visit scheduled' },
  followup_recorded: { zh: '记录回访', en: 'Return visit recorded' },
  followup_overdue: { zh: '回访超期', en: 'Return visit overdue' },
  reopened: { zh: '重新派办', en: 'Reopened' },
  supervision_opened: { zh: '转督办', en: 'Sent to supervision' },
  supervision_overdue: { zh: '督办超期', en: 'Supervision overdue' },
  supervision_resolved: { zh: '督办办结', en: 'Supervision resolved' },
  signed_off: { zh: '销号', en: 'Signed off' },
};

export const TRAVEL_MODE_LABELS: Labels<TravelMode> = {
  foot: { zh: '步行', en: 'On foot' },
  ebike: { zh: '电瓶车', en: 'E-bike' },
  car: { zh: '汽车', en: 'Car' },
};

export const SKIP_REASON_LABELS: Labels<SkipReason> = {
  off_duty: { zh: '不在岗', en: 'Off duty' },
  busy: { zh: '正在处置其他事件', en: 'Busy with another case' },
  offered: { zh: '有待答复的派单', en: 'Has an offer pending' },
  wrong_team: { zh: '队伍类型不对口', en: 'Wrong team for this category' },
  no_position: { zh: '无定位', en: 'No position' },
  outside_radius: { zh: '超出派单半径', en: 'Outside the dispatch radius' },
  resting: { zh: '长时间处置后休息中', en: 'Resting after a long job' },
  declined_recently: { zh: '刚拒绝或未响应本单', en: 'Declined or let this case lapse' },
};

/** Who the contact stage reaches: the party by phone, or — a case without one, e.g. a camera alert — the site itself. */
export const CONTACT_KINDS = ['party', 'site_check'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

export const CONTACT_KIND_LABELS: Labels<ContactKind> = {
  party: { zh: '联系当事人', en: 'Contact the party' },
  site_check: { zh: '现场核查', en: 'Site check' },
};

/** The contact stage's clock name when the case is a site check (the 3 of 1-3-8 reads 核查, not 联系). */
export const SITE_CHECK_STAGE_LABEL: Record<Locale, string> = { zh: '3分钟现场核查', en: 'Site check 3 min' };

/**
 * Where a timeline event came from: the 110 platform, a camera alert, the command console, a worker's
 * phone, the hub itself (dispatch, clocks), or a positioning feed. Part of each event's hash.
 */
export const EVENT_SOURCES = ['110', 'camera', 'console', 'phone', 'system', 'positioning', 'station', '12345', 'open311'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const EVENT_SOURCE_LABELS: Labels<EventSource> = {
  '110': { zh: '110 联动', en: '110 platform' },
  camera: { zh: '视频监控', en: 'Camera' },
  console: { zh: '指挥室', en: 'Command console' },
  phone: { zh: '网格员手机', en: "Worker's phone" },
  system: { zh: '系统自动', en: 'System' },
  positioning: { zh: '定位数据', en: 'Positioning' },
  station: { zh: '派出所', en: 'Police station' },
  '12345': { zh: '12345 热线', en: '12345 hotline' },
  open311: { zh: 'Open311 接口', en: 'Open311' },
};

/** How a case's hash-chained timeline can fail its check (see libs/domain/src/timeline/verify-chain.ts). */
export const CHAIN_BREAKS = ['edited', 'deleted', 'reordered', 'truncated'] as const;
export type ChainBreak = (typeof CHAIN_BREAKS)[number];

export const CHAIN_BREAK_LABELS: Labels<ChainBreak> = {
  edited: { zh: '内容被改动', en: 'edited' },
  deleted: { zh: '记录被删除', en: 'deleted' },
  reordered: { zh: '顺序被调换', en: 'reordered' },
  truncated: { zh: '末尾记录缺失', en: 'last events missing' },
};

/** A case's timeline can be downloaded as JSON (complete, for machines) or CSV (for a spreadsheet). */
export const TIMELINE_EXPORT_FORMATS = ['json', 'csv'] as const;
export type TimelineExportFormat = (typeof TIMELINE_EXPORT_FORMATS)[number];

export const INCIDENT_SOURCE_LABELS: Labels<IncidentSource> = {
  '110': { zh: '110 转派', en: '110 transfer' },
  camera: { zh: '视频巡查', en: 'Camera alert' },
  operator: { zh: '指挥室登记', en: 'Entered by operator' },
  patrol: { zh: '网格员上报', en: 'Patrol report' },
  '12345': { zh: '12345 转办', en: '12345 transfer' },
  open311: { zh: 'Open311 上报', en: 'Open311 request' },
};

/**
 * What an integration (an API key) is: a 110 call centre, the 12345 hotline, a camera platform, or a
 * city's Open311 tools. Decides which doors it may use and what results go back to it.
 */
export const INTEGRATION_KINDS = ['110', '12345', 'camera', 'open311'] as const;
export type IntegrationKind = (typeof INTEGRATION_KINDS)[number];

/**
 * How a closed case left the township's hands: solved by a worker (办结), returned to the police as a
 * police matter after all (已退回公安), handed to the 12345 hotline for a government department
 * (已移交12345), or dismissed by an operator (a camera false alarm). The state is `closed` for all:
 * the clocks stop and the workers are free; `closure` says which.
 */
export const CLOSURES = ['resolved', 'returned_to_police', 'handed_to_12345', 'dismissed'] as const;
export type Closure = (typeof CLOSURES)[number];

export const CLOSURE_LABELS: Labels<Closure> = {
  resolved: { zh: '已办结', en: 'Resolved' },
  returned_to_police: { zh: '已退回公安', en: 'Returned to the police' },
  handed_to_12345: { zh: '已移交12345', en: 'Handed over to 12345' },
  dismissed: { zh: '已排除', en: 'Dismissed' },
};
