/**
 * The command room's alert sounds: a two-note chime when a case arrives, a double beep when a clock
 * turns at risk, a harsher triple beep when one breaches. The sounds are made here as small WAV files
 * (no file to ship or fetch) and played through one <audio> element; a visible toggle mutes them,
 * remembered in localStorage. Browsers refuse to play before the page has had a gesture (the sign-in
 * click on the same site counts, or a first click here): then 「点击开启提示音」 shows until one comes.
 */
import { signal } from '@preact/signals';
import type { Locale } from '@xiaonao/contracts';

export type AlertKind = 'arrival' | 'at_risk' | 'breach';

/** One note of a sound; `hz` 0 is a rest. */
export interface Note {
  hz: number;
  ms: number;
}

const SOUNDS: Record<AlertKind, readonly Note[]> = {
  arrival: [
    { hz: 880, ms: 120 },
    { hz: 0, ms: 30 },
    { hz: 1175, ms: 180 },
  ],
  at_risk: [
    { hz: 988, ms: 170 },
    { hz: 0, ms: 90 },
    { hz: 988, ms: 170 },
  ],
  breach: [
    { hz: 1319, ms: 140 },
    { hz: 880, ms: 140 },
    { hz: 1319, ms: 140 },
    { hz: 880, ms: 140 },
    { hz: 1319, ms: 220 },
  ],
};

/** A louder alarm is not cut short by a milder one arriving while it plays. */
const RANK: Record<AlertKind, number> = { arrival: 0, at_risk: 1, breach: 2 };

export const SOUND_STORAGE_KEY = 'xiaonao.console.sound';

export const SOUND_TEXT = {
  on: { zh: '🔔 提示音', en: '🔔 Sound on' },
  off: { zh: '🔕 已静音', en: '🔕 Muted' },
  onTitle: { zh: '新警情、预警和超时时响铃；点击静音', en: 'Sounds on new cases, warnings and breaches; click to mute' },
  offTitle: { zh: '提示音已关闭；点击开启', en: 'Sounds are off; click to turn them on' },
  hint: { zh: '🔇 点击开启提示音', en: '🔇 Click to enable sounds' },
} satisfies Record<string, Record<Locale, string>>;

const SAMPLE_RATE = 22_050;
const FADE_MS = 6;

/** 16-bit mono PCM WAV of `notes`, each a sine faded in and out so it does not click. */
export function toneWav(notes: readonly Note[], sampleRate = SAMPLE_RATE, volume = 0.5): Uint8Array<ArrayBuffer> {
  const lengths = notes.map((n) => Math.round((n.ms / 1000) * sampleRate));
  const samples = lengths.reduce((a, b) => a + b, 0);
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => [...text].forEach((c, i) => view.setUint8(offset + i, c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true); // PCM
  view.setUint16(22, 1, true); // mono
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  const fade = Math.max(1, Math.round((FADE_MS / 1000) * sampleRate));
  let at = 44;
  notes.forEach((note, n) => {
    const length = lengths[n] ?? 0;
    for (let i = 0; i < length; i++) {
      const envelope = Math.min(1, i / fade, (length - 1 - i) / fade);
      const value = note.hz ? Math.sin((2 * Math.PI * note.hz * i) / sampleRate) * envelope * volume : 0;
      view.setInt16(at, Math.round(value * 32_767), true);
      at += 2;
    }
  });
  return bytes;
}

export class AlertSound {
  /** `data-plays` counts the sounds played, `data-sound` names the last one. */
  readonly audio = document.createElement('audio');
  /** Muted by the toggle (sound-toggle.tsx), remembered in this browser. */
  readonly muted = signal(localStorage.getItem(SOUND_STORAGE_KEY) === 'off');
  /** The browser refused to play for want of a gesture: 「点击开启提示音」 shows until one comes. */
  readonly needsGesture = signal(false);
  private readonly urls = new Map<AlertKind, string>();
  private playing: AlertKind | null = null;
  private plays = 0;

  constructor() {
    this.audio.className = 'alert-audio';
    this.audio.dataset.testid = 'alert-audio';
    this.audio.preload = 'auto';
    document.body.append(this.audio);
    this.audio.addEventListener('ended', () => (this.playing = null));
    // A first click or key anywhere lets the page play sounds from then on.
    const gesture = () => {
      this.needsGesture.value = false;
    };
    document.addEventListener('click', gesture, true);
    document.addEventListener('keydown', gesture, true);
  }

  /** The toggle: muted or not, remembered; turning it on plays the chime, so the operator hears the volume. */
  toggle(): void {
    const muted = !this.muted.value;
    localStorage.setItem(SOUND_STORAGE_KEY, muted ? 'off' : 'on');
    this.muted.value = muted;
    if (!muted) this.play('arrival');
  }

  play(kind: AlertKind): void {
    if (this.muted.value) return;
    const current = this.playing;
    if (current && RANK[current] > RANK[kind] && !this.audio.paused) return;
    this.playing = kind;
    this.audio.src = this.url(kind);
    this.audio.dataset.sound = kind;
    this.audio.play().then(
      () => {
        this.plays++;
        this.audio.dataset.plays = String(this.plays);
        this.needsGesture.value = false;
      },
      (e: unknown) => {
        this.playing = null;
        // Refused for want of a gesture: say how to allow it. Anything else (a newer sound replaced this one) is no news.
        if (e instanceof DOMException && e.name === 'NotAllowedError') this.needsGesture.value = true;
      },
    );
  }

  private url(kind: AlertKind): string {
    let url = this.urls.get(kind);
    if (!url) {
      url = URL.createObjectURL(new Blob([toneWav(SOUNDS[kind])], { type: 'audio/wav' }));
      this.urls.set(kind, url);
    }
    return url;
  }
}
