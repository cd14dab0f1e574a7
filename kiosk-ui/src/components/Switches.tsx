import type { Translate } from '../i18n/i18n.ts';
import type { VolumeStep } from '../voice/voice.ts';

const LEVEL_TEXT = ['voice.level0', 'voice.level1', 'voice.level2'] as const;

export type SwitchesProps = {
  t: Translate;
  care: boolean;
  voice: boolean;
  volume: VolumeStep;
  onToggleLocale: () => void;
  onToggleCare: () => void;
  onToggleVoice: () => void;
  onNextVolume: () => void;
};

/** Language, 关怀模式, voice and volume: one tap away on every screen. All reset for the next person. */
export function Switches({
  t,
  care,
  voice,
  volume,
  onToggleLocale,
  onToggleCare,
  onToggleVoice,
  onNextVolume,
}: SwitchesProps) {
  const level = t(LEVEL_TEXT[volume]);
  return (
    <div class="shell-switches">
      <button type="button" class="switch" aria-label={t('lang.otherLabel')} onClick={onToggleLocale}>
        {t('lang.other')}
      </button>
      <button
        type="button"
        class="switch"
        data-testid="care-toggle"
        aria-pressed={care}
        aria-label={care ? t('care.leaveLabel') : t('care.enterLabel')}
        onClick={onToggleCare}
      >
        {care ? t('care.leave') : t('care.enter')}
      </button>
      <button
        type="button"
        class="switch"
        data-testid="voice-toggle"
        aria-pressed={voice}
        aria-label={voice ? t('voice.onLabel') : t('voice.offLabel')}
        onClick={onToggleVoice}
      >
        {voice ? t('voice.on') : t('voice.off')}
      </button>
      {voice && (
        <button
          type="button"
          class="switch"
          data-testid="volume"
          aria-label={t('voice.volumeLabel', { level })}
          onClick={onNextVolume}
        >
          {t('voice.volume', { level })}
        </button>
      )}
    </div>
  );
}
