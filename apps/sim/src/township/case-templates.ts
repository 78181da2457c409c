/**
 * Non-police 110 cases (非警务警情) for the demo feed: what callers report, where, and how a worker
 * typically closes it. The place is drawn inside a grid of a kind where such a case happens.
 */
import type { Category, GridKind, Intake110Request, LngLat, TownshipSeed } from '@xiaonao/contracts';
import { randomPointInPolygon } from './geo';
import { callerName, mobileNumber } from './people';
import type { Random } from './random';
import { shanghaiStamp, toShanghaiIso } from './shanghai-time';

export interface CaseTemplate {
  category: Category;
  /** Kinds of grid where such a case happens. */
  kinds: readonly GridKind[];
  description: string;
  /** Results a worker reports when closing; one is picked. */
  results: readonly string[];
  /** Relative frequency; disputes and noise dominate the real non-police load. */
  weight: number;
}

const ALL: readonly GridKind[] = ['market_town', 'village', 'dedicated'];
const TOWN: readonly GridKind[] = ['market_town'];
const VILLAGE: readonly GridKind[] = ['village'];
const PARK: readonly GridKind[] = ['dedicated'];
const TOWN_AND_VILLAGE: readonly GridKind[] = ['market_town', 'village'];

export const CASE_TEMPLATES: readonly CaseTemplate[] = [
  {
    category: 'dispute',
    kinds: TOWN,
    description: '水果摊主与顾客因两个磕碰的苹果发生争执，双方情绪激动，要求有人到场处理',
    results: ['双方已调解，矛盾化解', '经现场劝解，摊主退还差价，双方握手言和'],
    weight: 3,
  },
  {
    category: 'dispute',
    kinds: VILLAGE,
    description: '两户村民因宅基地边界围墙发生纠纷，正在现场争吵',
    results: ['已现场调解，约定由村委会明日丈量边界，双方暂时平息', '已调解，双方同意按原界线处理'],
    weight: 2,
  },
  {
    category: 'dispute',
    kinds: TOWN,
    description: '外卖骑手与小区门岗因进门登记问题发生口角，互不相让',
    results: ['已劝解双方，物业同意设置外卖临时停放点', '双方已调解，矛盾化解'],
    weight: 2,
  },
  {
    category: 'dispute',
    kinds: PARK,
    description: '十余名工人聚集在厂门口，反映老板拖欠两个月工资',
    results: ['已联系劳动保障所介入，企业承诺三日内结清工资，工人已散去', '已引导工人到街道矛调中心登记诉求，现场秩序恢复'],
    weight: 1,
  },
  {
    category: 'dispute',
    kinds: TOWN_AND_VILLAGE,
    description: '房东与租客因押金退还问题发生争执，租客拒绝搬离',
    results: ['经调解，房东退还大部分押金，租客同意按期搬离', '双方已调解，矛盾化解'],
    weight: 1,
  },
  {
    category: 'noise',
    kinds: TOWN,
    description: '楼上装修噪音扰民，晚上九点后仍在电钻施工',
    results: ['已劝导装修工人停止施工，业主承诺按规定时间装修', '已联系物业，装修方已停工'],
    weight: 3,
  },
  {
    category: 'noise',
    kinds: TOWN_AND_VILLAGE,
    description: '广场舞音响声音过大，影响周边居民休息',
    results: ['已劝导降低音量，组织者承诺晚上八点半前结束', '已协调更换活动场地，噪音问题解决'],
    weight: 2,
  },
  {
    category: 'noise',
    kinds: TOWN,
    description: '夜宵摊深夜喧哗，食客大声划拳，影响周边住户休息',
    results: ['已劝导摊主及食客，现场恢复安静', '已责令摊主规范经营时间，噪音消除'],
    weight: 1,
  },
  {
    category: 'noise',
    kinds: ['village', 'dedicated'],
    description: '工地夜间违规施工，打桩声音很大',
    results: ['已联系施工方停止夜间施工，并告知办理夜间施工许可', '施工方已停工，噪音消除'],
    weight: 1,
  },
  {
    category: 'fire_hazard',
    kinds: TOWN,
    description: '楼道内堆放大量纸箱杂物，还有人把电动车推进楼道充电',
    results: ['已督促住户清理楼道杂物，电动车已移至集中充电点', '隐患已消除，已告知物业加强巡查'],
    weight: 2,
  },
  {
    category: 'fire_hazard',
    kinds: VILLAGE,
    description: '有人在田间焚烧秸秆和垃圾，浓烟很大',
    results: ['已现场扑灭火点，并对焚烧人进行教育', '明火已熄灭，已告知村委会加强巡查'],
    weight: 2,
  },
  {
    category: 'fire_hazard',
    kinds: TOWN_AND_VILLAGE,
    description: '出租房内私拉电线给电动车充电，存在消防隐患',
    results: ['已拆除私拉电线，督促房东安装集中充电设施', '隐患已消除，已登记并纳入复查'],
    weight: 1,
  },
  {
    category: 'fire_hazard',
    kinds: PARK,
    description: '厂区围墙外堆放废料，有人在附近焚烧垃圾',
    results: ['已扑灭火点，责令企业清运废料', '隐患已消除，已通报综合执法队跟进'],
    weight: 1,
  },
  {
    category: 'blocked_passage',
    kinds: TOWN,
    description: '消防通道被车辆堵塞，车主联系不上',
    results: ['已联系车主挪车，消防通道恢复畅通', '已通过物业找到车主，车辆已移走'],
    weight: 3,
  },
  {
    category: 'blocked_passage',
    kinds: PARK,
    description: '货车长时间停在厂区出入口，影响车辆进出',
    results: ['已联系司机将货车移至停车区，出入口恢复通行', '货车已驶离，通道畅通'],
    weight: 1,
  },
  {
    category: 'blocked_passage',
    kinds: VILLAGE,
    description: '村道上堆放建筑垃圾，影响行人和车辆通行',
    results: ['已联系堆放户清运建筑垃圾，道路恢复通行', '已协调村保洁队清理，通道畅通'],
    weight: 1,
  },
  {
    category: 'stray_animal',
    kinds: TOWN_AND_VILLAGE,
    description: '有一条流浪狗在路边追咬行人，附近居民害怕',
    results: ['已联系犬类收容人员将流浪狗带离', '流浪狗已被控制并送往收容点'],
    weight: 1,
  },
  {
    category: 'stray_animal',
    kinds: VILLAGE,
    description: '有蛇爬进民宅院子，报警人不敢靠近',
    results: ['已协助将蛇捕捉并放归野外', '蛇已被驱离，已提醒住户注意防范'],
    weight: 1,
  },
  {
    category: 'stray_animal',
    kinds: PARK,
    description: '厂区仓库内有流浪猫被困在货架顶上，叫了一整天',
    results: ['已将流浪猫救下，交由志愿者照看', '猫已救出，现场处置完毕'],
    weight: 1,
  },
  {
    category: 'elderly_help',
    kinds: TOWN_AND_VILLAGE,
    description: '一名老人在路边迷路，说不清家庭住址',
    results: ['已护送老人回家，并联系家属', '已通过村社干部核实身份，老人已由家属接回'],
    weight: 2,
  },
  {
    category: 'elderly_help',
    kinds: TOWN_AND_VILLAGE,
    description: '独居老人家中两天没开门，邻居担心出事',
    results: ['已联系家属开门查看，老人身体无恙', '已入户查看，老人身体不适，已陪同就医并通知家属'],
    weight: 1,
  },
  {
    category: 'elderly_help',
    kinds: VILLAGE,
    description: '患有阿尔茨海默症的老人走失，家属请求帮助寻找',
    results: ['已在村口找到老人，交由家属接回', '经网格员及志愿者分片寻找，老人已安全找回'],
    weight: 1,
  },
  {
    category: 'water_leak',
    kinds: TOWN,
    description: '楼上住户家中水管爆裂，水渗到楼下，联系不上房东',
    results: ['已协助关闭总阀，联系物业及房东维修', '已关闭总阀，漏水止住，已通知房东处理'],
    weight: 2,
  },
  {
    category: 'water_leak',
    kinds: TOWN_AND_VILLAGE,
    description: '路边自来水管破裂，大量冒水',
    results: ['已联系自来水公司抢修，现场设置警示', '水务抢修人员已到场处置'],
    weight: 1,
  },
  {
    category: 'water_leak',
    kinds: PARK,
    description: '厂区门口消防栓被车撞坏，一直在漏水',
    results: ['已联系供水部门关阀抢修，现场已设警示', '漏水已止住，已通知企业报修'],
    weight: 1,
  },
  {
    category: 'other',
    kinds: VILLAGE,
    description: '有人翻越江堤到滩涂上拍潮，潮水快要来了，存在危险',
    results: ['已劝离滩涂人员，并在现场设置警示', '人员已劝离至安全区域'],
    weight: 1,
  },
  {
    category: 'other',
    kinds: TOWN,
    description: '人行道上井盖缺失，已有行人差点踩空',
    results: ['已设置临时围挡，并联系市政部门补装井盖', '井盖已补装，隐患消除'],
    weight: 1,
  },
  {
    category: 'other',
    kinds: ALL,
    description: '路灯杆被撞歪，倒向人行道，存在安全隐患',
    results: ['已设置警示围挡，并通知路灯管理单位处理', '已联系维修人员加固，隐患消除'],
    weight: 1,
  },
];

/** For closings of cases the templates do not know (entered by an operator, another feed). */
const FALLBACK_RESULTS: Record<Category, readonly string[]> = {
  dispute: ['双方已调解，矛盾化解'],
  noise: ['已劝导相关人员，噪音已消除'],
  fire_hazard: ['隐患已消除，已纳入复查'],
  blocked_passage: ['通道已恢复畅通'],
  stray_animal: ['动物已被带离，现场处置完毕'],
  elderly_help: ['已协助老人并联系家属'],
  water_leak: ['已关闭阀门并联系维修'],
  other: ['已现场处置，报警人表示满意'],
  // Police matters are refused at intake; these only serve a case an operator forces through.
  theft: ['已移交派出所处理'],
  assault: ['已移交派出所处理'],
  traffic_accident: ['已移交交警处理'],
};

/** A closing result for an incident, matched to its description when it came from these templates. */
export function closingResult(category: Category, description: string, random: Random): string {
  const template = CASE_TEMPLATES.find((t) => t.category === category && t.description === description);
  return random.pick(template?.results ?? FALLBACK_RESULTS[category]);
}

const MARKET_TOWN_STREETS = ['河庄大道', '江东大道', '青六中路', '建设一路', '新城路', '振兴路', '围垦街'] as const;
const MARKET_TOWN_COMPOUNDS = ['河庄安置小区', '蓝领公寓', '江东花园', '新城佳苑'] as const;
const PARK_STREETS = ['青西三路', '江东三路', '临江大道', '经五路'] as const;
const PARK_FIRMS = ['杭州江东精密机械有限公司', '浙江远航新材料有限公司', '杭州钱塘汽车零部件有限公司', '杭州盛达物流有限公司', '杭州明远电子科技有限公司'] as const;

/** An address a caller would give, in the style of the grid's kind. */
export function callerAddress(grid: { kind: GridKind; name: string }, random: Random): string {
  switch (grid.kind) {
    case 'village':
      return `河庄街道${grid.name}${random.int(1, 18)}组${random.int(1, 80)}号`;
    case 'market_town':
      return random.chance(0.5)
        ? `河庄街道${random.pick(MARKET_TOWN_STREETS)}${random.int(1, 300) * 2}号`
        : `河庄街道${random.pick(MARKET_TOWN_COMPOUNDS)}${random.int(1, 24)}幢${random.int(1, 3)}单元${random.int(1, 6)}0${random.int(1, 4)}室`;
    case 'dedicated':
      return `江东工业园${random.pick(PARK_STREETS)}${random.int(1, 120) * 8}号（${random.pick(PARK_FIRMS)}）`;
  }
}

/** How often each kind of grid produces a case: the market town is busiest per grid. */
const GRID_KIND_WEIGHT: Record<GridKind, number> = { market_town: 3, village: 1, dedicated: 0.8 };
/** Share of cases transferred by the township's own station; the rest by a neighbour. */
const HOME_STATION_SHARE = 0.85;
/** 钱塘区's administrative division code, the prefix of its 110 case numbers. */
const DISTRICT_CODE = '330114';

export interface DemoCase {
  request: Intake110Request;
  gridCode: string;
}

export interface DemoCaseGenerator {
  /** The next case as received at `now`; case numbers stay unique within a run and across runs. */
  next(now: Date): DemoCase;
}

export function demoCaseGenerator(township: Pick<TownshipSeed, 'grids' | 'stations'>, random: Random): DemoCaseGenerator {
  if (township.grids.length === 0) throw new Error('demoCaseGenerator: the township has no grids');
  if (township.stations.length === 0) throw new Error('demoCaseGenerator: the township has no police station');
  let sequence = 0;
  return {
    next(now) {
      const grid = random.weighted(township.grids.map((g) => ({ item: g, weight: GRID_KIND_WEIGHT[g.kind] })));
      const template = random.weighted(
        CASE_TEMPLATES.filter((t) => t.kinds.includes(grid.kind)).map((t) => ({ item: t, weight: t.weight })),
      );
      const [home, ...neighbours] = township.stations;
      const station = neighbours.length === 0 || random.chance(HOME_STATION_SHARE) ? home : random.pick(neighbours);
      const location: LngLat = randomPointInPolygon(grid.polygon, random, 20);
      sequence += 1;
      return {
        gridCode: grid.code,
        request: {
          // The time stamp keeps numbers unique across restarts against the same database.
          caseNo: `${DISTRICT_CODE}${shanghaiStamp(now)}${String(sequence % 1000).padStart(3, '0')}`,
          receivedAt: toShanghaiIso(now),
          callerName: callerName(random),
          callerPhone: mobileNumber(random),
          address: callerAddress(grid, random),
          location: { lng: Math.round(location.lng * 1e6) / 1e6, lat: Math.round(location.lat * 1e6) / 1e6 },
          coordSystem: 'WGS84',
          category: template.category,
          description: template.description,
          policeStationCode: station.code,
        },
      };
    },
  };
}
