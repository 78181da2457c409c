import { describe, expect, it } from 'vitest';
import { numbersIn, placeKey, placeTerms } from './place-text';

describe('place keys', () => {
  it('folds full-width forms, case, spaces and punctuation', () => {
    expect(placeKey('新围村１２组 35号（东）')).toBe('新围村12组35号东');
    expect(placeKey('Lawson 罗森·河庄店')).toBe('lawson罗森河庄店');
  });

  it('cuts the administrative prefix up to the township name', () => {
    expect(placeKey('浙江省杭州市钱塘区河庄街道新围村12组35号', '河庄街道')).toBe('新围村12组35号');
    expect(placeKey('河庄街道 河庄农贸市场', '河庄街道')).toBe('河庄农贸市场');
  });

  it('keeps a head that is not administrative, and a name that is only the township', () => {
    expect(placeKey('青六中路河庄街道办事处对面', '河庄街道')).toBe('青六中路河庄街道办事处对面');
    expect(placeKey('河庄街道', '河庄街道')).toBe('河庄街道');
  });

  it('finds a place by its name, address and aliases, each once', () => {
    expect(placeTerms({ name: '河庄农贸市场', address: '河庄街道河庄大道318号', aliases: ['河庄菜市场', '河庄 菜市场'] }, '河庄街道')).toEqual([
      '河庄农贸市场',
      '河庄大道318号',
      '河庄菜市场',
    ]);
    expect(placeTerms({ name: '', address: '河庄街道新围村3组8号', aliases: [] }, '河庄街道')).toEqual(['新围村3组8号']);
  });

  it('reads house and group numbers in order, without leading zeros', () => {
    expect(numbersIn('新围村012组35号')).toEqual(['12', '35']);
    expect(numbersIn('河庄农贸市场')).toEqual([]);
  });
});
