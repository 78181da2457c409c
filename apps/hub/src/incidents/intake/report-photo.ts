/**
 * The photo of a patrol report, from a data URL in JSON or a multipart upload: at most
 * REPORT_PHOTO_MAX_BYTES, and bytes that really are a JPEG, PNG or WebP. Any problem names `photo`.
 */
import { REPORT_PHOTO_MAX_BYTES } from '@xiaonao/contracts';
import { DomainError, isPhotoProblem, readPhotoDataUrl, sniffImageType } from '@xiaonao/domain';
import type { ReportPhoto } from '../reports/report-store';

/** What multer hands over for the `photo` file (memory storage). */
export interface UploadedPhoto {
  buffer: Buffer;
  size: number;
  mimetype: string;
}

const MAX_MB = REPORT_PHOTO_MAX_BYTES / (1024 * 1024);

export const photoTooLarge = () =>
  new DomainError('PAYLOAD_TOO_LARGE', `photo：照片不能超过 ${MAX_MB} MB（请压缩后重试）`, `photo: larger than ${MAX_MB} MB (compress it and retry)`, 'photo');

const invalid = (zh: string, en: string) => new DomainError('INVALID_INPUT', `photo：${zh}`, `photo: ${en}`, 'photo');

/** `dataUrl` null is no photo, as validation lets an optional field through as null. */
export function reportPhoto(dataUrl: string | null | undefined, upload: UploadedPhoto | undefined): ReportPhoto | null {
  const text = dataUrl ?? undefined;
  if (text !== undefined && upload) throw invalid('只能附一张照片（data URL 与上传文件二选一）', 'one photo only: a data URL or an uploaded file, not both');
  let bytes: Buffer;
  if (upload) {
    if (upload.size > REPORT_PHOTO_MAX_BYTES) throw photoTooLarge();
    bytes = upload.buffer;
  } else if (text !== undefined) {
    const read = readPhotoDataUrl(text);
    if (isPhotoProblem(read)) throw invalid(read.zh.replace(/^照片/, ''), read.en.replace(/^photo:? ?/, ''));
    if (read.bytes > REPORT_PHOTO_MAX_BYTES) throw photoTooLarge();
    bytes = Buffer.from(read.base64, 'base64');
  } else {
    return null;
  }
  if (bytes.length === 0) throw invalid('照片为空', 'the photo is empty');
  const contentType = sniffImageType(bytes);
  if (!contentType) throw invalid('不是 JPEG、PNG 或 WebP 图片', 'not a JPEG, PNG or WebP image');
  return { contentType, bytes };
}
