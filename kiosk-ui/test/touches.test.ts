import { describe, expect, it } from 'vitest';
import { watchTouches } from '../src/app/touches.ts';

describe('watchTouches', () => {
  it('records the time of the last pointerdown on the page clock, and nothing before the first', () => {
    let now = 1000;
    const target = new EventTarget();
    const touches = watchTouches(Object.assign(target, { performance: { now: () => now } }) as never);
    expect(touches.lastTouchAt()).toBe(-Infinity);
    expect(touches.now()).toBe(1000);
    now = 2500;
    target.dispatchEvent(new Event('pointerdown'));
    now = 4000;
    expect(touches.lastTouchAt()).toBe(2500);
    expect(touches.now()).toBe(4000);
    target.dispatchEvent(new Event('click'));
    expect(touches.lastTouchAt()).toBe(2500);
  });

  it('sees a touch even when the element touched stops it from going further', () => {
    const touches = watchTouches(window);
    const button = document.createElement('button');
    document.body.append(button);
    button.addEventListener('pointerdown', (e) => e.stopPropagation());
    const before = performance.now();
    button.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect(touches.lastTouchAt()).toBeGreaterThanOrEqual(before);
    button.remove();
  });
});
