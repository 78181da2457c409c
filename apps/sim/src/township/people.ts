/** Plausible people for the demo: names as they are common in Hangzhou and Xiaoshan, mainland mobile numbers. */
import type { Random } from './random';

/** Common surnames, weighted towards those frequent around Xiaoshan and Qiantang. */
const SURNAMES: readonly { item: string; weight: number }[] = [
  ['陈', 9], ['王', 8], ['沈', 6], ['李', 5], ['张', 5], ['俞', 4], ['徐', 5], ['孙', 4], ['朱', 4], ['金', 4],
  ['周', 4], ['吴', 4], ['钱', 3], ['楼', 3], ['傅', 3], ['施', 3], ['倪', 2], ['戚', 2], ['韩', 2], ['杨', 3],
  ['黄', 3], ['赵', 3], ['胡', 3], ['方', 2], ['汪', 2], ['郑', 2], ['丁', 2], ['任', 2], ['屠', 1], ['来', 1],
  ['高', 2], ['何', 2], ['叶', 2], ['蒋', 2], ['顾', 2], ['邵', 2], ['唐', 1], ['许', 2], ['潘', 2], ['卢', 1],
].map(([item, weight]) => ({ item: item as string, weight: weight as number }));

const GIVEN_CHARS = [
  '建', '国', '华', '明', '伟', '军', '平', '林', '芳', '丽', '敏', '静', '强', '磊', '洋', '勇', '杰', '涛', '斌', '超',
  '霞', '燕', '红', '英', '萍', '娟', '婷', '雪', '琴', '云', '海', '峰', '波', '辉', '刚', '健', '鑫', '浩', '宇', '俊',
  '晓', '立', '新', '志', '春', '秋', '月', '佳', '慧', '文', '荣', '兴', '亮', '飞', '东', '江', '潮', '忠', '良', '美',
] as const;

/** Prefixes of the three mainland carriers; all match 1[3-9]\d. */
const MOBILE_PREFIXES = [
  '133', '135', '136', '137', '138', '139', '150', '151', '152', '153', '157', '158', '159',
  '173', '177', '180', '181', '186', '187', '188', '189', '191', '198', '199',
] as const;

export function personName(random: Random): string {
  const surname = random.weighted(SURNAMES);
  const given = random.chance(0.2) ? random.pick(GIVEN_CHARS) : random.pick(GIVEN_CHARS) + random.pick(GIVEN_CHARS);
  return surname + given;
}

/** How a 110 record often names a caller: surname and 先生 / 女士. */
export function callerName(random: Random): string {
  if (random.chance(0.35)) return personName(random);
  return random.weighted(SURNAMES) + (random.chance(0.5) ? '先生' : '女士');
}

export function mobileNumber(random: Random): string {
  let digits = '';
  for (let k = 0; k < 8; k++) digits += String(random.int(0, 9));
  return random.pick(MOBILE_PREFIXES) + digits;
}

/** Draws until `draw` gives a value not yet in `taken`, then records it. */
export function unique(taken: Set<string>, draw: () => string): string {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const value = draw();
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
  throw new Error('unique: ran out of fresh values');
}
