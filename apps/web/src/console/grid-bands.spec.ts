import { describe, expect, it } from 'vitest';
import { GRID_BANDS } from '@xiaonao/contracts';
import { GRID_BAND_COLOURS, NO_BAND_COLOUR, bandColour, percent, scoreText, shanghaiMonth } from './grid-bands';

describe('grid bands', () => {
  it('gives each band its own colour, and an unscored grid grey', () => {
    const colours = GRID_BANDS.map((b) => bandColour(b));
    expect(new Set(colours).size).toBe(4);
    expect(bandColour('green')).toBe(GRID_BAND_COLOURS.green);
    expect(bandColour('red')).toBe(GRID_BAND_COLOURS.red);
    expect(bandColour(null)).toBe(NO_BAND_COLOUR);
    expect(colours).not.toContain(NO_BAND_COLOUR);
  });

  it('takes the month in Beijing, not the browser’s zone', () => {
    // 16:30 UTC on 30 November is already 1 December in Beijing.
    expect(shanghaiMonth(new Date('2026-11-30T16:30:00Z'))).toBe('2026-12');
    expect(shanghaiMonth(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11');
  });

  it('writes shares and scores for people', () => {
    expect(percent(null)).toBe('—');
    expect(percent(0.875)).toBe('87.5%');
    expect(scoreText(null)).toBe('—');
    expect(scoreText(87.5)).toBe('87.5');
  });
});
