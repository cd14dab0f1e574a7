import { afterEach, describe, expect, it } from 'vitest';
import { applyFormat, formatOf, isScreenFormat } from '../src/app/format.ts';

describe('screen formats', () => {
  it('names the three kinds of kiosk glass from the viewport', () => {
    expect(formatOf(1080, 1920)).toBe('portrait');
    expect(formatOf(1920, 1080)).toBe('landscape');
    expect(formatOf(1280, 1024)).toBe('classic');
    expect(formatOf(1024, 768)).toBe('classic');
    expect(formatOf(1280, 800)).toBe('landscape'); // 16:10
    expect(formatOf(1500, 1000)).toBe('landscape'); // exactly 3:2
    expect(formatOf(1499, 1000)).toBe('classic');
    expect(formatOf(0, 0)).toBe('landscape');
    expect(formatOf(Number.NaN, 100)).toBe('landscape');
  });

  it('accepts only the three names', () => {
    expect(isScreenFormat('portrait')).toBe(true);
    expect(isScreenFormat('Portrait')).toBe(false);
    expect(isScreenFormat('')).toBe(false);
    expect(isScreenFormat(null)).toBe(false);
  });

  afterEach(() => {
    delete document.documentElement.dataset.format;
    window.history.replaceState(null, '', '/');
  });

  it('puts the format fixed in the address on the root, and otherwise follows the viewport', () => {
    window.history.replaceState(null, '', '/?format=portrait');
    applyFormat(window)();
    expect(document.documentElement.dataset.format).toBe('portrait');

    window.history.replaceState(null, '', '/?format=sideways');
    const stop = applyFormat(window);
    expect(document.documentElement.dataset.format).toBe(formatOf(window.innerWidth, window.innerHeight));
    stop();
  });
});
