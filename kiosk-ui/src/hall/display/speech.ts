import type { LocalizedText } from '@hall-kiosk/shared';

/** Says a call out loud. The browser's speech synthesis on a display; tests observe what is said. */
export type Speaker = (text: LocalizedText) => void;

/**
 * Speaks a call in Chinese, then English, queued behind any call still being spoken (two windows
 * calling at once are both heard). Uses a local voice for each language when the browser has one.
 * The last Chinese text is also left on `<html data-last-announcement>` for whoever checks the
 * display from outside.
 */
export function browserSpeaker(): Speaker {
  return (text) => {
    document.documentElement.dataset['lastAnnouncement'] = text.zh;
    const synth = globalThis.speechSynthesis;
    if (!synth) return;
    const voices = synth.getVoices();
    for (const [words, lang] of [
      [text.zh, 'zh-CN'],
      [text.en, 'en-GB'],
    ] as const) {
      const u = new SpeechSynthesisUtterance(words);
      u.lang = lang;
      const voice = voices.find((v) => v.lang.toLowerCase().startsWith(lang.slice(0, 2)) && v.localService);
      if (voice) u.voice = voice;
      u.rate = 0.9;
      synth.speak(u);
    }
  };
}

/** A call older than this when first seen (after a reconnect) is shown but not spoken. */
export const SPEAK_WITHIN_MS = 60_000;

/**
 * Which calls to speak now: those newer than the last one spoken, oldest first, not older than
 * SPEAK_WITHIN_MS. On the first state after loading nothing is spoken (those calls were made before).
 */
export function callsToSpeak<C extends { eventId: number; at: string }>(
  calls: readonly C[],
  lastSpoken: number | null,
  now: number,
): C[] {
  if (lastSpoken === null) return [];
  return calls
    .filter((c) => c.eventId > lastSpoken && now - Date.parse(c.at) <= SPEAK_WITHIN_MS)
    .sort((a, b) => a.eventId - b.eventId);
}
