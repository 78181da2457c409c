import { describe, expect, it } from 'vitest';
import { toneWav } from './alert-sound';

const text = (bytes: Uint8Array, from: number, length: number) => String.fromCharCode(...bytes.slice(from, from + length));

describe('the alert tones', () => {
  it('are 16-bit mono PCM WAV files of the notes’ total length', () => {
    const wav = toneWav(
      [
        { hz: 440, ms: 100 },
        { hz: 0, ms: 50 },
      ],
      8000,
    );
    const view = new DataView(wav.buffer);
    expect(text(wav, 0, 4)).toBe('RIFF');
    expect(text(wav, 8, 8)).toBe('WAVEfmt ');
    expect(view.getUint16(20, true)).toBe(1);
    expect(view.getUint16(22, true)).toBe(1);
    expect(view.getUint32(24, true)).toBe(8000);
    expect(view.getUint16(34, true)).toBe(16);
    expect(text(wav, 36, 4)).toBe('data');
    expect(view.getUint32(40, true)).toBe(1200 * 2);
    expect(wav.length).toBe(44 + 1200 * 2);
    expect(view.getUint32(4, true)).toBe(wav.length - 8);
  });

  it('start and end each note silent, and keep rests silent', () => {
    const wav = toneWav(
      [
        { hz: 440, ms: 100 },
        { hz: 0, ms: 50 },
      ],
      8000,
    );
    const view = new DataView(wav.buffer);
    const sample = (i: number) => view.getInt16(44 + i * 2, true);
    expect(sample(0)).toBe(0);
    expect(sample(799)).toBe(0);
    expect(Math.max(...Array.from({ length: 800 }, (_, i) => Math.abs(sample(i))))).toBeGreaterThan(10_000);
    expect(Array.from({ length: 400 }, (_, i) => sample(800 + i)).every((s) => s === 0)).toBe(true);
  });
});
