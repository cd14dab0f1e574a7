import { useEffect } from 'preact/hooks';
import { EnrolledDevice } from '@hall-kiosk/shared';
import { HallApiError, hallRequest } from './common/hall-api.ts';

/** Where an enrolled browser device belongs. */
export const DEVICE_PAGES: Record<'display' | 'pad', string> = { display: '/display', pad: '/pad' };

/** Navigation, behind a seam (tests replace it). */
export const navigate = { to: (path: string) => window.location.replace(path) };

/** A display or pad without a working credential (never enrolled, revoked, enrolled again elsewhere) goes to /enrol. */
export function leaveIfUnenrolled(e: unknown): boolean {
  if (e instanceof HallApiError && e.status === 401) {
    navigate.to('/enrol');
    return true;
  }
  return false;
}

/**
 * While the live feed is down, asks every `ms` whether this device is still enrolled, so a revoked
 * display or pad goes back to /enrol even though its stream cannot say so.
 */
export function useEnrolmentCheck(active: boolean, ms = 5000): void {
  useEffect(() => {
    if (!active) return;
    const check = () => {
      hallRequest('GET', '/api/device/me', { schema: EnrolledDevice }).catch(leaveIfUnenrolled);
    };
    check();
    const timer = setInterval(check, ms);
    return () => clearInterval(timer);
  }, [active, ms]);
}
