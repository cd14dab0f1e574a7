import { describe, expect, it } from 'vitest';
import { SAMPLE_CARDS, encodeTextBlock } from '@hall-kiosk/hardware-mocks';
import { ManualClock } from '@hall-kiosk/shared';
import { decodeTextBlock } from '../src/devices/id-card/id-text.ts';
import type { CardIdentity } from '../src/core/card-identity.ts';
import { IdentityVault } from '../src/identity/identity-vault.ts';
import { ageOn, maskIdNumber, maskName, toMasked } from '../src/identity/mask.ts';
import { silentLogger } from '../src/log.ts';

const identity = (id: string) =>
  decodeTextBlock(encodeTextBlock(SAMPLE_CARDS.find((c) => c.id === id)!)) as CardIdentity;

describe('masking', () => {
  it('shows the first 4 and last 4 characters of a number', () => {
    expect(maskIdNumber('360102195003151238')).toBe('3601**********1238');
    expect(maskIdNumber('USA110085010101')).toBe('USA1*******0101');
    expect(maskIdNumber('1234567')).toBe('*******');
  });

  it('shows the first character of a name', () => {
    expect(maskName('李示例')).toBe('李**');
    expect(maskName('欧阳')).toBe('欧*');
    expect(maskName('王')).toBe('王');
    expect(maskName('')).toBe('');
  });

  it('computes whole years, counting a birthday only once it has come', () => {
    expect(ageOn('1950-03-15', '2026-03-14')).toBe(75);
    expect(ageOn('1950-03-15', '2026-03-15')).toBe(76);
    expect(ageOn('nonsense', '2026-03-15')).toBeNull();
  });

  it('gives the UI nothing but the masked view', () => {
    const now = Date.parse('2026-11-26T04:00:00Z');
    const masked = toMasked(identity('elderResident'), now, 'Asia/Shanghai');
    expect(masked).toEqual({
      documentType: 'resident',
      maskedName: '李**',
      maskedNumber: '3601**********1238',
      age: 76,
      expired: false,
    });
    expect(JSON.stringify(masked)).not.toMatch(/示例|195003151238|东湖区/);
    expect(
      toMasked(identity('foreignResident'), Date.parse('2027-06-01T00:00:00Z'), 'Asia/Shanghai').expired,
    ).toBe(true);
  });
});

describe('identity vault', () => {
  it('forgets the identity after the maximum hold time and zeroes the photo', async () => {
    const clock = new ManualClock();
    const vault = new IdentityVault(clock, silentLogger, 60_000);
    const photo = new Uint8Array(1024).fill(7);
    vault.hold({ identity: identity('resident'), photo });
    await clock.advance(59_999);
    expect(vault.identity?.name).toBe('陈测试');
    await clock.advance(1);
    expect(vault.identity).toBeNull();
    expect(photo.every((b) => b === 0)).toBe(true);
  });

  it('wipes on demand, and a new card replaces (and wipes) the previous one', () => {
    const clock = new ManualClock();
    const vault = new IdentityVault(clock, silentLogger);
    const first = new Uint8Array(4).fill(1);
    vault.hold({ identity: identity('resident'), photo: first });
    vault.hold({ identity: identity('hkResident'), photo: new Uint8Array(4).fill(2) });
    expect(first).toEqual(new Uint8Array(4));
    expect(vault.identity?.documentType).toBe('hkMacaoTaiwanResidence');
    vault.wipe('session ended');
    expect(vault.holding).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });
});
