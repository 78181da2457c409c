/** The alert sounds' toggle in the top bar, and 「点击开启提示音」 while the browser waits for a gesture. */
import { locale } from '../shared/i18n';
import { useLanguage } from '../shared/ui/page-signals';
import { SOUND_TEXT, type AlertSound } from './alert-sound';

export function SoundToggle({ sound }: { sound: AlertSound }) {
  useLanguage();
  const lang = locale();
  const muted = sound.muted.value;
  return (
    <>
      <button
        class="btn btn-ghost sound-toggle"
        type="button"
        data-testid="sound-toggle"
        title={(muted ? SOUND_TEXT.offTitle : SOUND_TEXT.onTitle)[lang]}
        aria-pressed={muted ? 'false' : 'true'}
        data-muted={String(muted)}
        onClick={() => sound.toggle()}
      >
        {(muted ? SOUND_TEXT.off : SOUND_TEXT.on)[lang]}
      </button>
      <button class="btn sound-hint" type="button" data-testid="sound-hint" hidden={!sound.needsGesture.value} onClick={() => sound.play('arrival')}>
        {SOUND_TEXT.hint[lang]}
      </button>
    </>
  );
}
