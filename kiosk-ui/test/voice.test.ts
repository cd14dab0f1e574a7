import { afterEach, describe, expect, it, vi } from 'vitest';
import { SpeechSynthesisBackend } from '../src/voice/voice.ts';

/** The browser's speech synthesis, counting what the page asks of it. */
function fakeSynthesis(voices: { lang: string; localService: boolean }[]) {
  const calls: string[] = [];
  let reached = 0;
  const synth = {
    getVoices: () => voices,
    cancel: () => calls.push('cancel'),
    speak: (u: { text: string }) => calls.push(`speak ${u.text}`),
  };
  vi.stubGlobal(
    'SpeechSynthesisUtterance',
    class {
      constructor(readonly text: string) {}
    },
  );
  Object.defineProperty(globalThis, 'speechSynthesis', {
    configurable: true,
    get: () => (reached++, synth),
  });
  return { calls, reached: () => reached };
}

afterEach(() => {
  vi.unstubAllGlobals();
  delete (globalThis as { speechSynthesis?: unknown }).speechSynthesis;
});

describe('the voice through the browser', () => {
  it('speaks with a local voice of the language, and stops what it said', () => {
    const synth = fakeSynthesis([{ lang: 'zh-CN', localService: true }]);
    const voice = new SpeechSynthesisBackend();
    voice.speak('请取号', 'zh', 1);
    voice.cancel();
    expect(synth.calls).toEqual(['cancel', 'speak 请取号', 'cancel']);
  });

  it('does not reach the browser to stop anything while nothing was said', () => {
    const synth = fakeSynthesis([{ lang: 'zh-CN', localService: true }]);
    const voice = new SpeechSynthesisBackend();
    voice.cancel();
    voice.cancel();
    expect(synth.reached()).toBe(0);
    voice.speak('请取号', 'zh', 1);
    voice.cancel();
    voice.cancel();
    expect(synth.calls).toEqual(['cancel', 'speak 请取号', 'cancel']);
  });

  it('stays silent without a local voice for the language', () => {
    const synth = fakeSynthesis([
      { lang: 'en-GB', localService: true },
      { lang: 'zh-CN', localService: false },
    ]);
    const voice = new SpeechSynthesisBackend();
    voice.speak('请取号', 'zh', 1);
    voice.cancel();
    expect(synth.calls).toEqual([]);
  });
});
