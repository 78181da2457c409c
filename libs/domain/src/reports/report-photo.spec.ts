import { describe, expect, it } from 'vitest';
import { base64Bytes, isPhotoProblem, readPhotoDataUrl, sniffImageType } from './report-photo';

const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);
const WEBP = Uint8Array.from([0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50]);
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

describe('a patrol photo sent as a data URL', () => {
  it('reads the declared type and the decoded size without decoding', () => {
    const read = readPhotoDataUrl(`data:image/jpeg;base64,${base64(JPEG)}`);
    expect(read).toEqual({ declaredType: 'image/jpeg', base64: base64(JPEG), bytes: JPEG.length });
  });

  it('accepts parameters before base64 and surrounding spaces', () => {
    const read = readPhotoDataUrl(`  data:image/png;name=x.png;base64,${base64(PNG)}\n`);
    expect(isPhotoProblem(read)).toBe(false);
  });

  it.each([
    ['plain text', 'a photo'],
    ['a URL', 'https://example.com/x.jpg'],
    ['no base64 marker', 'data:image/jpeg,abc'],
    ['not base64', 'data:image/jpeg;base64,@@@@'],
    ['truncated base64', 'data:image/jpeg;base64,abcde'],
    ['nothing after the comma', 'data:image/jpeg;base64,'],
  ])('refuses %s, in Chinese and English', (_, text) => {
    const read = readPhotoDataUrl(text);
    expect(isPhotoProblem(read)).toBe(true);
    if (isPhotoProblem(read)) {
      expect(read.zh).toMatch(/照片/);
      expect(read.en).toMatch(/photo/);
    }
  });

  it('counts decoded bytes from base64 padding', () => {
    expect(base64Bytes('')).toBe(0);
    expect(base64Bytes('YQ==')).toBe(1);
    expect(base64Bytes('YWI=')).toBe(2);
    expect(base64Bytes('YWJj')).toBe(3);
  });
});

describe('what the photo bytes really are', () => {
  it('knows JPEG, PNG and WebP by their signatures', () => {
    expect(sniffImageType(JPEG)).toBe('image/jpeg');
    expect(sniffImageType(PNG)).toBe('image/png');
    expect(sniffImageType(WEBP)).toBe('image/webp');
  });

  it('refuses anything else, however it was declared', () => {
    expect(sniffImageType(new TextEncoder().encode('<svg onload="x">'))).toBeNull();
    expect(sniffImageType(new Uint8Array())).toBeNull();
    expect(sniffImageType(Uint8Array.from([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x41, 0x56, 0x49, 0x20]))).toBeNull();
  });
});
