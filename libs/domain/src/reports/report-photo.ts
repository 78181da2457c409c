/**
 * A patrol photo as it arrives: a data URL is read without decoding it (the size is known from the
 * base64 length), and the decoded bytes must start like a JPEG, PNG or WebP whatever the sender
 * declared — a photo is shown to operators, so it is not taken on the sender's word.
 */
import type { ReportPhotoType } from '@xiaonao/contracts';

export interface PhotoDataUrl {
  declaredType: string;
  base64: string;
  /** Decoded size in bytes. */
  bytes: number;
}

export interface PhotoProblem {
  zh: string;
  en: string;
}

const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+)(?:;[a-z0-9-]+=[^;,]*)*;base64,([A-Za-z0-9+/]*={0,2})$/i;

/** Bytes a base64 text decodes to. */
export function base64Bytes(base64: string): number {
  const padding = base64.endsWith('==') ? 2 : base64.endsWith('=') ? 1 : 0;
  return Math.floor((base64.length * 3) / 4) - padding;
}

export function readPhotoDataUrl(text: string): PhotoDataUrl | PhotoProblem {
  const match = DATA_URL.exec(text.trim());
  if (!match) return { zh: '照片应为 data:image/…;base64,… 形式的图片', en: 'photo must be a data URL (data:image/…;base64,…)' };
  const [, declaredType, base64] = match;
  if (base64.length === 0 || base64.length % 4 !== 0) return { zh: '照片的 base64 内容不完整', en: 'photo: the base64 content is incomplete' };
  return { declaredType: declaredType.toLowerCase(), base64, bytes: base64Bytes(base64) };
}

export function isPhotoProblem(value: PhotoDataUrl | PhotoProblem): value is PhotoProblem {
  return 'zh' in value;
}

const startsWith = (bytes: Uint8Array, at: number, expected: readonly number[]): boolean => expected.every((b, i) => bytes[at + i] === b);

/** The image type the bytes are, by their signature; null for anything else. */
export function sniffImageType(bytes: Uint8Array): ReportPhotoType | null {
  if (startsWith(bytes, 0, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, 0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  // RIFF....WEBP
  if (startsWith(bytes, 0, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, 8, [0x57, 0x45, 0x42, 0x50])) return 'image/webp';
  return null;
}
