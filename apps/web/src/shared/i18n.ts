/**
 * Simplified Chinese first, English on request. The choice is kept in localStorage and pages
 * re-render through `onLocaleChange`; static markup carries `data-i18n="<key>"`.
 */
import type { Locale } from '@xiaonao/contracts';

const STORAGE_KEY = 'xiaonao.locale';

const TEXT = {
  appName: { zh: '小脑 · 镇街指挥', en: 'Xiaonao · Township Command' },
  loading: { zh: '加载中…', en: 'Loading…' },
  logout: { zh: '退出', en: 'Log out' },
  reviewLink: { zh: '研判', en: 'Review' },
  online: { zh: '在线', en: 'Online' },
  reconnecting: { zh: '重连中', en: 'Reconnecting' },
  networkError: { zh: '网络异常，请稍后重试', en: 'Network problem, please retry' },
  sessionExpired: { zh: '登录已失效，请重新登录', en: 'Session expired, please log in again' },

  loginTitle: { zh: '登录', en: 'Log in' },
  loginSubtitle: { zh: '非警务警情 1-3-8 联动处置', en: 'Non-police cases, 1-3-8 response' },
  username: { zh: '用户名', en: 'Username' },
  password: { zh: '密码', en: 'Password' },
  loginButton: { zh: '登录', en: 'Log in' },
  loggingIn: { zh: '登录中…', en: 'Logging in…' },
  demoHint: {
    zh: '演示账号（值班员、网格员、派出所）打印在 hub 启动日志中。',
    en: "Demo accounts (operator, workers, police station) are printed in the hub's start-up log.",
  },
  targetLine: { zh: '1分钟接受指令 · 3分钟联系当事人 · 8分钟处置力量到达', en: 'Accept in 1 min · contact in 3 · on site in 8' },

  open: { zh: '在办', en: 'Open' },
  atRisk: { zh: '将超时', en: 'At risk' },
  breached: { zh: '已超时', en: 'Breached' },
  workersAvailable: { zh: '空闲人员', en: 'Available' },
  openCases: { zh: '在办事件', en: 'Open cases' },
  closedToday: { zh: '今日已办结', en: 'Closed today' },
  noOpenCases: { zh: '暂无在办事件', en: 'No open cases' },
  unassigned: { zh: '未指派', en: 'Unassigned' },
  worker: { zh: '处置人员', en: 'Worker' },
  offeredTo: { zh: '派单对象', en: 'Offered to' },
  arrivalAtRisk: { zh: '8 分钟到达存在风险', en: 'Arrival within 8 min at risk' },
  awaitingConfirmation: { zh: '待确认派单', en: 'Awaiting confirmation' },
  confirmDispatch: { zh: '确认派单', en: 'Confirm dispatch' },
  assignTo: { zh: '指派给', en: 'Assign to' },
  reassignTo: { zh: '改派给', en: 'Reassign to' },
  assign: { zh: '指派', en: 'Assign' },
  recommendation: { zh: '派单建议', en: 'Dispatch recommendation' },
  ownGrid: { zh: '本网格', en: 'own grid' },
  stalePosition: { zh: '定位过时', en: 'stale position' },
  queuedCandidate: { zh: '排队（当前事件完成后前往）', en: 'queued (after the current case)' },
  eta: { zh: '预计', en: 'ETA' },
  moreCandidates: { zh: '另有 {n} 人未列出', en: '{n} more not listed' },
  caller: { zh: '当事人', en: 'Party' },
  revealPhone: { zh: '查看完整号码', en: 'Show full number' },
  revealReasonPrompt: { zh: '请填写查看完整号码的原因（将记入个人信息访问记录）：', en: 'Why do you need the full number? (written to the personal-data access log)' },
  revealedPhoneHint: { zh: '已查看完整号码，本次查看已记录', en: 'Full number shown; this access is logged' },
  phoneMaskedHint: { zh: '接单后显示完整号码', en: 'The full number shows once you accept' },
  station: { zh: '移交派出所', en: 'From station' },
  grid: { zh: '网格', en: 'Grid' },
  receivedAt: { zh: '接收时间', en: 'Received' },
  description: { zh: '情况描述', en: 'Description' },
  result: { zh: '处置结果', en: 'Result' },
  timeline: { zh: '处置过程', en: 'Timeline' },
  back: { zh: '返回', en: 'Back' },
  offDuty: { zh: '离岗', en: 'Off duty' },
  legend: { zh: '图例', en: 'Legend' },
  incident: { zh: '事件', en: 'Case' },
  staleLegend: { zh: '定位过时', en: 'Stale position' },
  staleMinutesAgo: { zh: '定位过时（{n} 分钟前）', en: 'Stale position ({n} min ago)' },
  staleNoFix: { zh: '定位过时（无定位时间）', en: 'Stale position (no fix time)' },
  baseMap: { zh: '底图', en: 'Base map' },
  tilesOsm: { zh: 'OpenStreetMap', en: 'OpenStreetMap' },
  tilesGaode: { zh: '高德', en: 'AutoNavi' },
  tilesCustom: { zh: '自定义底图', en: 'Custom tiles' },

  onDuty: { zh: '在岗', en: 'On duty' },
  tapToGoOn: { zh: '点击上岗，开始接收指令', en: 'Tap to go on duty and receive instructions' },
  tapToGoOff: { zh: '点击下岗，暂停接收指令', en: 'Tap to go off duty' },
  waitingForInstruction: { zh: '等待指令', en: 'Waiting for an instruction' },
  waitingHint: { zh: '新指令会自动弹出，请保持本页打开。', en: 'New instructions appear here by themselves; keep this page open.' },
  offDutyHint: { zh: '您已下岗，不会收到新指令。', en: 'You are off duty and will not receive instructions.' },
  newInstruction: { zh: '新指令', en: 'New instruction' },
  respondWithin: { zh: '请在此时间内响应', en: 'Respond within' },
  offerExpired: { zh: '响应时间已过', en: 'Time to respond has passed' },
  distance: { zh: '距离', en: 'Distance' },
  accept: { zh: '接单', en: 'Accept' },
  decline: { zh: '拒单', en: 'Decline' },
  declineReason: { zh: '拒单原因', en: 'Reason for declining' },
  confirmDecline: { zh: '确认拒单', en: 'Confirm decline' },
  cancel: { zh: '取消', en: 'Cancel' },
  reasonRequired: { zh: '请填写拒单原因', en: 'Please give a reason' },
  callParty: { zh: '拨打当事人电话', en: 'Call the party' },
  contacted: { zh: '已联系当事人', en: 'Party contacted' },
  arrived: { zh: '已到场', en: 'On site' },
  closeCase: { zh: '办结', en: 'Close case' },
  resultPlaceholder: { zh: '填写处置结果，如：双方已调解，噪音已停止', en: 'Result, e.g. both parties reconciled, noise stopped' },
  resultRequired: { zh: '请填写处置结果', en: 'Please enter the result' },
  calledHint: { zh: '通话后请确认已联系当事人', en: 'After the call, confirm that you contacted the party' },
  activeCase: { zh: '当前事件', en: 'Current case' },
  caseClosed: { zh: '事件已办结', en: 'Case closed' },
  offerWithdrawnExpired: { zh: '指令已超时，已转派他人', en: 'The instruction timed out and went to someone else' },
  offerWithdrawnTaken: { zh: '指令已由他人接单', en: 'Someone else took the instruction' },
  offerWithdrawnDeclined: { zh: '已拒单', en: 'Declined' },
  positionUnknown: { zh: '定位未开启', en: 'No location' },
  positionOk: { zh: '定位正常', en: 'Location on' },
  moreOffers: { zh: '另有待响应指令', en: 'more instructions waiting' },
  queuedOffer: { zh: '排队指令：完成当前事件后前往', en: 'Queued: go once your current case is closed' },
  queuedCase: { zh: '排队中的下一单', en: 'Next case (queued)' },
  queuedCaseHint: { zh: '当前事件办结后自动开始；可先电话告知当事人预计到达时间。', en: 'Starts when your current case closes; you may call the party now to say when you will come.' },
  closedTodayCount: { zh: '今日已办结', en: 'Closed today' },

  stationCases: { zh: '移交事件跟踪', en: 'Handed-over cases' },
  caseNo: { zh: '警情编号', en: 'Case no.' },
  category: { zh: '类别', en: 'Category' },
  address: { zh: '地址', en: 'Address' },
  state: { zh: '状态', en: 'State' },
  total: { zh: '移交', en: 'Handed over' },
  closed: { zh: '已办结', en: 'Closed' },
  onTime: { zh: '1-3-8 达标', en: '1-3-8 met' },
  noStationCases: { zh: '暂无移交事件', en: 'No cases handed over yet' },
  overdue: { zh: '超时', en: 'late' },

  siteChecked: { zh: '已现场核查', en: 'Site checked' },
  siteCheckHint: { zh: '无当事人电话，请到现场核查', en: 'No party to call: check the site' },
  callWentThrough: { zh: '接通了吗？', en: 'Did the call go through?' },
  callAnswered: { zh: '接通', en: 'Answered' },
  callNotAnswered: { zh: '未接通', en: 'No answer' },
  callTimeAway: { zh: '离开本页约 {n} 秒', en: 'Away from this page for about {n} s' },
  callAttempts: { zh: '已拨打 {n} 次', en: '{n} calls placed' },
  unreachable: { zh: '联系不上', en: 'Unreachable' },
  arrivedAuto: { zh: '定位自动到场', en: 'Arrival detected from position' },
  arrivalFar: { zh: '到场时距现场 {d}', en: 'Arrived {d} from the site' },
  arrivalNoFix: { zh: '到场时无定位', en: 'Arrived without a position' },

  chainChecking: { zh: '链校验中…', en: 'Checking the chain…' },
  chainOk: { zh: '链校验通过', en: 'Chain verified' },
  chainBroken: { zh: '链校验失败（第 {n} 条）', en: 'Chain check failed (event {n})' },
  chainMismatch: { zh: '状态与过程记录不符', en: 'State does not match the events' },
  chainUnavailable: { zh: '链校验不可用', en: 'Chain check unavailable' },
  exportJson: { zh: '导出 JSON', en: 'Export JSON' },
  exportCsv: { zh: '导出 CSV', en: 'Export CSV' },

  newCase: { zh: '登记事件', en: 'New case' },
  newCaseTitle: { zh: '登记事件（来电 / 来访）', en: 'New case (call / walk-in)' },
  channel: { zh: '来源', en: 'Came in by' },
  callerName: { zh: '当事人姓名', en: 'Name' },
  callerPhone: { zh: '联系电话', en: 'Phone' },
  addressSearch: { zh: '输入地址或地名搜索标准地址', en: 'Type an address or place name to search' },
  pickOnMapHint: { zh: '可在地图上点击选取位置', en: 'Or click the map to pick the point' },
  pointFromMap: { zh: '已在地图上选点', en: 'Point picked on the map' },
  pointFromPlace: { zh: '已选标准地址', en: 'Gazetteer place chosen' },
  noPointYet: { zh: '未选点：将按地址自动定位', en: 'No point: placed from the address' },
  clearPoint: { zh: '清除选点', en: 'Clear point' },
  needAddressOrPoint: { zh: '请填写地址或在地图上选点', en: 'Give an address or pick a point on the map' },
  descriptionRequired: { zh: '请填写情况描述', en: 'Please describe the case' },
  submit: { zh: '提交', en: 'Submit' },
  caseEntered: { zh: '已登记 {no}', en: 'Entered {no}' },
  caseLinked: { zh: '已关联到在办事件 {no}', en: 'Linked to open case {no}' },
  reports: { zh: '报告', en: 'Reports' },
  reportsSummary: { zh: '共 {n} 条报告：{sources}', en: '{n} reports: {sources}' },
  splitReport: { zh: '拆分', en: 'Split' },
  splitConfirm: { zh: '将这条报告拆分为一个新事件？', en: 'Split this report into a case of its own?' },
  splitDone: { zh: '已拆分为新事件 {no}', en: 'Split into new case {no}' },
  viewPhoto: { zh: '查看照片', en: 'View photo' },
  reportDistance: { zh: '距事件 {d}', en: '{d} from the case' },
  placement: { zh: '地址定位', en: 'Placed from address' },
  placementConfidence: { zh: '置信度 {p}%', en: 'confidence {p}%' },
  pointNeedsConfirm: { zh: '位置待确认：确认后才会派单', en: 'Point to be confirmed before dispatch' },
  confirmPoint: { zh: '确认位置', en: 'Confirm point' },
  movePoint: { zh: '在地图上改点', en: 'Move on the map' },
  movePointHint: { zh: '请在地图上点击事件的实际位置', en: 'Click where the case really is' },

  patrolReport: { zh: '上报', en: 'Report' },
  patrolTitle: { zh: '巡查上报', en: 'Patrol report' },
  photo: { zh: '照片', en: 'Photo' },
  takePhoto: { zh: '拍照 / 选择照片', en: 'Take or choose a photo' },
  placeHint: { zh: '地点说明（可选）', en: 'Where (optional)' },
  takeItMyself: { zh: '由我直接处置', en: 'I will handle it myself' },
  currentPosition: { zh: '当前位置', en: 'Current position' },
  noPositionYet: { zh: '尚未获取定位，请开启定位后重试', en: 'No position yet; turn on location and retry' },
  photoTooLarge: { zh: '照片过大（超过 2 MB），请重拍', en: 'Photo over 2 MB; please retake' },
  reportSent: { zh: '已上报 {no}', en: 'Reported {no}' },
  reportTaken: { zh: '已上报 {no}，由您处置', en: 'Reported {no}; it is yours' },
  reportLinked: { zh: '已上报，关联到在办事件 {no}', en: 'Reported; linked to open case {no}' },
  sending: { zh: '提交中…', en: 'Sending…' },

  videoPatrol: { zh: '视频巡查', en: 'Video patrol' },
  cameraAlerts: { zh: '告警 ×{n}', en: 'Alerts ×{n}' },
  cameraMore: { zh: '等 {n} 个摄像头', en: 'and {n} more cameras' },
  dismissCase: { zh: '驳回', en: 'Dismiss' },
  dismissConfirm: { zh: '确认驳回（误报）', en: 'Confirm: false alarm' },
  dismissed: { zh: '已驳回，计入摄像头误报', en: 'Dismissed; counted against the camera' },
  raiseCase: { zh: '视频巡查立案', en: 'Raise a case' },
  raiseSeen: { zh: '发现情况', en: 'What was seen' },
  raiseNote: { zh: '补充说明（可选）', en: 'Note (optional)' },
  raised: { zh: '已立案 {no}', en: 'Case {no} raised' },
  raisedMerged: { zh: '已计入在办事件 {no}', en: 'Counted on open case {no}' },
  cameraDisabled: { zh: '已停用', en: 'Disabled' },
  cameraNoisy: { zh: '误报较多', en: 'Noisy' },
  cameraRecord: { zh: '驳回 {d} 次 / 事件 {c} 起', en: '{d} dismissed of {c} cases' },
  cameraOwner: { zh: '所属单位', en: 'Owner' },
  camera: { zh: '摄像头', en: 'Camera' },

  // Field phone: offline, step queue, catch-up, navigation, the worker's day.
  missedAlarms: { zh: '离线期间告警', en: 'Alarms while offline' },
  missedAlarmsClear: { zh: '全部已读', en: 'Mark all read' },
  whileOffline: { zh: '离线期间', en: 'While offline' },
  offlineSnapshot: { zh: '离线 · 显示的是 {t} 的数据', en: 'Offline · showing data from {t}' },
  pendingSend: { zh: '待发送', en: 'Waiting to send' },
  pendingReports: { zh: '{n} 条上报待发送', en: '{n} reports waiting to send' },
  stepRefused: { zh: '{step}未成功：{message}', en: '{step} not applied: {message}' },
  stepAccept: { zh: '接单', en: 'Accept' },
  stepDecline: { zh: '拒单', en: 'Decline' },
  stepCall: { zh: '通话记录', en: 'Call record' },
  stepContact: { zh: '联系当事人', en: 'Contact' },
  stepArrive: { zh: '到场', en: 'Arrival' },
  stepClose: { zh: '办结', en: 'Closing' },
  stepReport: { zh: '上报', en: 'Report' },
  gotIt: { zh: '知道了', en: 'OK' },
  navAmap: { zh: '高德导航', en: 'Amap navigation' },
  navBaidu: { zh: '百度导航', en: 'Baidu navigation' },
  mapSelf: { zh: '我', en: 'Me' },
  mapSite: { zh: '现场', en: 'Site' },
  today: { zh: '今日', en: 'Today' },
  todayEmpty: { zh: '今日暂无事件', en: 'No cases today' },
  todayAccept: { zh: '接单', en: 'Accept' },
  todayContact: { zh: '联系', en: 'Contact' },
  todayArrive: { zh: '到场', en: 'Arrive' },
  inTime: { zh: '按时', en: 'in time' },
  late: { zh: '超时', en: 'late' },
  queuedTag: { zh: '排队', en: 'Queued' },
  reportQueued: { zh: '上报已保存，联网后自动发送', en: 'Report saved; it goes out once online' },
  soundOff: { zh: '点击页面任意处以开启提示音', en: 'Tap the page once to turn on the alert sound' },

  // Duty rosters (排班) panel of the console.
  roster: { zh: '排班', en: 'Roster' },
  rosterTitle: { zh: '今日排班（北京时间）', en: "Today's roster (Beijing time)" },
  rosterWorker: { zh: '人员', en: 'Worker' },
  rosterShifts: { zh: '班次', en: 'Shifts' },
  rosterDuty: { zh: '在岗', en: 'Duty' },
  rosterSource: { zh: '依据', en: 'Source' },
  rosterNoShift: { zh: '无班次', en: 'No shift' },
  rosterNextDay: { zh: '次日', en: 'next day' },
  rosterOffDuty: { zh: '离岗', en: 'Off' },
  rosterOnDuty: { zh: '在岗', en: 'On' },
  rosterOverrideBy: { zh: '{by} 调整：{reason}', en: 'Changed by {by}: {reason}' },
  rosterUntil: { zh: '至 {t}', en: 'until {t}' },
  rosterUntilNextChange: { zh: '至下次换班', en: 'until the next shift change' },
  rosterAddShift: { zh: '添加班次', en: 'Add a shift' },
  rosterDate: { zh: '日期', en: 'Date' },
  rosterStart: { zh: '开始', en: 'Start' },
  rosterEnd: { zh: '结束（早于开始即次日）', en: 'End (before start: next day)' },
  rosterSaved: { zh: '排班已保存', en: 'Roster saved' },
  rosterOverride: { zh: '临时调整在岗', en: 'Override duty' },
  rosterSetOn: { zh: '设为在岗', en: 'Set on duty' },
  rosterSetOff: { zh: '设为离岗', en: 'Set off duty' },
  rosterReason: { zh: '原因', en: 'Reason' },
  rosterOverrideUntil: { zh: '持续到（可选，默认至下次换班）', en: 'Until (optional; default: next shift change)' },
  rosterOverridden: { zh: '已调整 {name} 的在岗状态', en: "Changed {name}'s duty" },
  rosterEmpty: { zh: '暂无人员', en: 'No workers' },

  // Paging (提醒链): attempts in the case detail, reachability badges, the settings panel of the console.
  pageRecords: { zh: '提醒记录', en: 'Paging attempts' },
  pageNone: { zh: '暂无提醒记录', en: 'No paging attempts' },
  pageOfferedAt: { zh: '派单', en: 'Offered' },
  pageOutcomeAccepted: { zh: '已接单', en: 'Accepted' },
  pageOutcomeDeclined: { zh: '已拒单', en: 'Declined' },
  pageOutcomeExpired: { zh: '超时未答', en: 'No answer in time' },
  pageOutcomeOpen: { zh: '待答复', en: 'Awaiting answer' },
  pageReachReached: { zh: '消息已读或电话已接', en: 'Read or answered' },
  pageReachDelivered: { zh: '已送达，未见已读', en: 'Delivered, not seen read' },
  pageReachMissed: { zh: '消息未送达', en: 'Message never arrived' },
  pageReachUnderway: { zh: '提醒中', en: 'Paging' },
  pageMissedAccept: { zh: '已读未接单', en: 'Seen, not taken' },
  pageMissedAcceptHint: { zh: '网格员看到了派单提醒，但未在时限内接单', en: 'The worker saw the page but did not take the case in time' },
  pageStep: { zh: '步骤', en: 'Step' },
  pageChannel: { zh: '渠道', en: 'Channel' },
  pageStatus: { zh: '状态', en: 'Status' },
  pageDue: { zh: '计划', en: 'Due' },
  pageSent: { zh: '发出', en: 'Sent' },
  pageResult: { zh: '结果', en: 'Result' },
  pageDetail: { zh: '说明', en: 'Provider says' },
  reachGood: { zh: '可联系', en: 'Reachable' },
  reachDoubtful: { zh: '存疑', en: 'Doubtful' },
  reachBad: { zh: '联系不上', en: 'Unreachable' },
  reachOnline: { zh: '手机在线', en: 'Phone online' },
  reachNeverSeen: { zh: '手机无在线记录', en: 'Phone never seen online' },
  reachSeenJustNow: { zh: '手机刚刚在线', en: 'Phone online just now' },
  reachSeenMinutesAgo: { zh: '手机 {n} 分钟前在线', en: 'Phone online {n} min ago' },
  reachSeenHoursAgo: { zh: '手机 {n} 小时前在线', en: 'Phone online {n} h ago' },
  reachWorked: { zh: '近期送达：{c}', en: 'Reached lately by {c}' },
  reachFailed: { zh: '近期失败：{c}', en: 'Failed lately: {c}' },
  notifySettings: { zh: '提醒链', en: 'Paging' },
  notifyTitle: { zh: '提醒链设置（北京时间）', en: 'Paging chains (Beijing time)' },
  notifyClose: { zh: '关闭', en: 'Close' },
  notifySave: { zh: '保存', en: 'Save' },
  notifySaved: { zh: '提醒链已保存', en: 'Paging chains saved' },
  notifyChannels: { zh: '渠道', en: 'Channels' },
  notifyConfigured: { zh: '已配置', en: 'configured' },
  notifyUnconfigured: { zh: '未配置', en: 'not configured' },
  notifyNightStart: { zh: '夜间开始', en: 'Night starts' },
  notifyNightEnd: { zh: '夜间结束', en: 'Night ends' },
  notifyNightHint: { zh: '夜间部分手机（华为、荣耀）暂缓通知，按夜间步骤提醒，默认先打电话；未配置的渠道到时跳过（未发）', en: 'At night some phones (Huawei, Honor) hold notifications: the night steps apply, calling first by default. Unconfigured channels are skipped.' },
  notifyAllCategories: { zh: '全部类别', en: 'All categories' },
  notifyDay: { zh: '白天', en: 'Day' },
  notifyNightSteps: { zh: '夜间', en: 'Night' },
  notifyChannel: { zh: '渠道', en: 'Channel' },
  notifyAfter: { zh: '派单后秒数', en: 'Seconds after the offer' },
  notifySecondsAfter: { zh: '秒后', en: 's after' },
  notifyAddStep: { zh: '添加一步', en: 'Add a step' },
  notifyMoveUp: { zh: '上移', en: 'Move up' },
  notifyMoveDown: { zh: '下移', en: 'Move down' },
  notifyRemoveStep: { zh: '删除此步', en: 'Remove this step' },
  notifyRemoveChain: { zh: '删除此类别的链', en: 'Remove this chain' },
  notifyAddChain: { zh: '为类别单独设置', en: 'Chain for a category' },
} satisfies Record<string, Record<Locale, string>>;

export type TextKey = keyof typeof TEXT;

const listeners = new Set<() => void>();

export function locale(): Locale {
  return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
}

/**
 * The lookup of a page's own text table: the key's text in `language()` (the stored choice unless the page
 * reads it through a signal), each `{name}` filled from `vars`.
 */
export function textOf<K extends string>(
  table: Record<K, Record<Locale, string>>,
  language: () => Locale = locale,
): (key: K, vars?: Record<string, string | number>) => string {
  return (key, vars = {}) => {
    let text = table[key][language()];
    for (const [name, value] of Object.entries(vars)) text = text.replace(`{${name}}`, String(value));
    return text;
  };
}

export const t = textOf(TEXT);

/** A label from one of the contracts' *_LABELS maps. */
export function label<K extends string>(labels: Record<K, Record<Locale, string>>, key: K): string {
  return labels[key][locale()];
}

export function setLocale(next: Locale): void {
  localStorage.setItem(STORAGE_KEY, next);
  applyStaticText();
  for (const listener of listeners) listener();
}

export function onLocaleChange(listener: () => void): void {
  listeners.add(listener);
}

function isTextKey(key: string): key is TextKey {
  return key in TEXT;
}

/** Fills every `[data-i18n]` element and `[data-i18n-placeholder]` input in the page. */
export function applyStaticText(root: ParentNode = document): void {
  document.documentElement.lang = locale() === 'zh' ? 'zh-CN' : 'en';
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    const key = el.dataset.i18n ?? '';
    if (isTextKey(key)) el.textContent = t(key);
  }
  for (const el of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-i18n-placeholder]')) {
    const key = el.dataset.i18nPlaceholder ?? '';
    if (isTextKey(key)) el.placeholder = t(key);
  }
}

/** The 中/EN switch, with the current language highlighted. */
export function mountLocaleToggle(button: HTMLButtonElement): void {
  const zh = document.createElement('span');
  zh.textContent = '中';
  const en = document.createElement('span');
  en.textContent = 'EN';
  button.replaceChildren(zh, en);
  button.classList.add('locale-toggle');
  const paint = () => {
    zh.classList.toggle('on', locale() === 'zh');
    en.classList.toggle('on', locale() === 'en');
    button.title = locale() === 'zh' ? 'Switch to English' : '切换到中文';
  };
  paint();
  button.addEventListener('click', () => {
    setLocale(locale() === 'zh' ? 'en' : 'zh');
    paint();
  });
}
