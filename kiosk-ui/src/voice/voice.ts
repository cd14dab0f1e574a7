import type { Locale } from '@hall-kiosk/shared';

/** Where spoken prompts go. The browser's speech synthesis in production; a recorder in tests. */
export interface VoiceBackend {
  speak(text: string, locale: Locale, volume: number): void;
  cancel(): void;
}

/**
 * Speaks through the Web Speech API with a local voice for the language (on a Linux kiosk:
 * speech-dispatcher with espeak-ng, fully offline). Without a voice for the language it stays silent
 * rather than reading Chinese with an English voice.
 */
export class SpeechSynthesisBackend implements VoiceBackend {
  /** Whether anything was handed to the browser since the last cancel: only then is there any to stop. */
  private spoken = false;

  speak(text: string, locale: Locale, volume: number): void {
    const synth = globalThis.speechSynthesis;
    if (!synth) return;
    const prefix = locale === 'zh' ? 'zh' : 'en';
    const voice = synth.getVoices().find((v) => v.lang.toLowerCase().startsWith(prefix) && v.localService);
    if (!voice) return;
    synth.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.voice = voice;
    u.lang = voice.lang;
    u.volume = volume;
    u.rate = locale === 'zh' ? 0.9 : 0.95;
    synth.speak(u);
    this.spoken = true;
  }

  /**
   * Stops what is being said. The page cancels at every screen change while the voice is off; with
   * nothing said, the browser's speech synthesis is not touched at all (reaching it costs about
   * 0.6 ms of a tap on the bench's 4× slowed CPU, docs/performance.md).
   */
  cancel(): void {
    if (!this.spoken) return;
    this.spoken = false;
    globalThis.speechSynthesis?.cancel();
  }
}

/** Volume steps offered on screen. */
export const VOLUMES = [0.4, 0.7, 1] as const;
export type VolumeStep = 0 | 1 | 2;
