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
export declare class SpeechSynthesisBackend implements VoiceBackend {
  speak(text: string, locale: Locale, volume: number): void;
  cancel(): void;
}
/** Volume steps offered on screen. */
export declare const VOLUMES: readonly [0.4, 0.7, 1];
export type VolumeStep = 0 | 1 | 2;
