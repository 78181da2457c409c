/**
 * What a camera storm's case says: its number (`SP-20261121-000042`, 视频 + the storm's number, so a
 * retry of the same storm asks for the same case), where it is and what was seen. There is no caller:
 * the contact stage is a site check.
 */
import { CAMERA_ALERT_TYPE_LABELS, type CameraAlertType } from '@xiaonao/contracts';
import { DomainError } from '../errors';

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The storm's case number: the Shanghai day it opened and the storm's sequence. */
export function cameraCaseNo(stormSeq: number | string, openedAt: Date): string {
  const seq = String(stormSeq);
  if (!/^[1-9]\d*$/.test(seq)) throw new RangeError(`storm sequence must be a positive integer, got ${seq}`);
  const day = new Date(openedAt.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
  return `SP-${day}-${seq.padStart(6, '0')}`;
}

export interface CameraCaseFacts {
  type: CameraAlertType;
  camera: { code: string; name: string };
  gridName: string | null;
  /** The analysis' confidence; null when an operator raised it. */
  confidence: number | null;
  /** The operator's own words, when an operator raised it. */
  note?: string;
}

/** Where: the camera's view, named by grid and camera (cameras have no door number). */
export function cameraCaseAddress(f: Pick<CameraCaseFacts, 'camera' | 'gridName'>): string {
  return `${f.gridName ? `${f.gridName} · ` : ''}摄像头「${f.camera.name}」监控范围`;
}

/** Who "reported" it, for the case's caller name. */
export function cameraCaseReporter(f: Pick<CameraCaseFacts, 'camera' | 'confidence'>): string {
  return f.confidence === null ? `视频巡查（${f.camera.name}）` : `视频告警（${f.camera.name}）`;
}

export function cameraCaseDescription(f: CameraCaseFacts): string {
  const seen = CAMERA_ALERT_TYPE_LABELS[f.type].zh;
  if (f.confidence === null) return `值班员视频巡查发现：${seen}。${f.note?.trim() ? f.note.trim() : ''}`.trim();
  return `摄像头 ${f.camera.code} 智能分析告警：${seen}（置信度 ${Math.round(f.confidence * 100)}%）`;
}

/** A camera's clock may run this far ahead of the hub's. */
export const ALERT_CLOCK_SKEW_MS = 5 * 60_000;
/** Older alerts are a platform's backlog, not news: the case would be born breached. */
export const ALERT_MAX_AGE_MS = 24 * 3600_000;

/** Checks when the camera saw it; the field is `at`. */
export function checkAlertTime(at: Date, now: Date): void {
  if (Number.isNaN(at.getTime())) throw new DomainError('INVALID_INPUT', 'at：时间格式无效', 'at: not a time', 'at');
  if (at.getTime() > now.getTime() + ALERT_CLOCK_SKEW_MS) throw new DomainError('INVALID_INPUT', 'at：告警时间晚于当前时间', 'at: lies in the future', 'at');
  if (now.getTime() - at.getTime() > ALERT_MAX_AGE_MS) throw new DomainError('INVALID_INPUT', 'at：告警时间早于 24 小时前', 'at: more than 24 hours old', 'at');
}
