/**
 * A new instruction must be noticed with the phone in a pocket: a beep that repeats until the offer is
 * answered or withdrawn, and vibration. The beep is drawn with WebAudio (no sound file to load or
 * cache). Browsers let a page make sound only after the user has interacted with it (the autoplay
 * policy), so the audio context is created or resumed on the first tap or key; until then only the
 * vibration and the screen can alert, and the page says so.
 */
const BEEP_HZ = [880, 1320];
const BEEP_S = 0.18;
const VIBRATION = [300, 120, 300];

export class OfferAlert {
  private audio: AudioContext | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private repeatMs: number;

  /** `onSoundAllowed` is called once the page may sound (the page stops saying the sound is off). */
  constructor(
    repeatSeconds: number,
    private readonly onSoundAllowed: () => void = () => undefined,
  ) {
    this.repeatMs = repeatSeconds * 1000;
    const unlock = () => {
      this.unlockAudio();
      if (this.audio?.state === 'running') for (const type of ['pointerdown', 'keydown'] as const) removeEventListener(type, unlock, true);
    };
    for (const type of ['pointerdown', 'keydown'] as const) addEventListener(type, unlock, true);
  }

  /** The hub's setting, once read. */
  setRepeatSeconds(seconds: number): void {
    this.repeatMs = seconds * 1000;
    if (this.timer) {
      this.stop();
      this.start();
    }
  }

  /** Whether the page may sound yet (it has had a user gesture). */
  canSound(): boolean {
    return this.audio?.state === 'running';
  }

  /** Rings while `pending` is true: call on every change of the offers. */
  update(pending: boolean): void {
    if (pending && !this.timer) this.start();
    if (!pending && this.timer) this.stop();
  }

  private start(): void {
    this.ring();
    this.timer = setInterval(() => this.ring(), this.repeatMs);
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    navigator.vibrate?.(0);
  }

  private ring(): void {
    navigator.vibrate?.(VIBRATION);
    const audio = this.audio;
    if (audio?.state !== 'running') return;
    let at = audio.currentTime;
    for (const hz of BEEP_HZ) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = hz;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + BEEP_S);
      tone.connect(gain).connect(audio.destination);
      tone.start(at);
      tone.stop(at + BEEP_S);
      at += BEEP_S + 0.06;
    }
  }

  private unlockAudio(): void {
    if (typeof AudioContext === 'undefined') return;
    this.audio ??= new AudioContext();
    if (this.audio.state === 'suspended') void this.audio.resume().then(() => this.canSound() && this.onSoundAllowed());
    else if (this.canSound()) this.onSoundAllowed();
  }
}
