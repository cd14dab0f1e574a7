import type { IncomingMessage } from 'node:http';
import type { Pool } from 'pg';
import type { Clock } from '@hall-kiosk/shared';
import type { Audit } from './audit.ts';
import { BodyError, readBodyBytes } from '@hall-kiosk/device-daemon';
import { HttpError } from './http/respond.ts';

/** The largest staff photo kept: a face on a pad's screen needs far less. */
export const MAX_PHOTO_BYTES = 256 * 1024;

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** What an image's first bytes say it is (PNG or JPEG), whatever its request claimed; null otherwise. */
export function imageType(bytes: Buffer): 'image/png' | 'image/jpeg' | null {
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG)) return 'image/png';
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Reads an image body: at most MAX_PHOTO_BYTES, PNG or JPEG by its content, typed as such. */
export async function readPhoto(
  req: IncomingMessage,
): Promise<{ type: 'image/png' | 'image/jpeg'; bytes: Buffer }> {
  const declared = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  if (declared !== 'image/png' && declared !== 'image/jpeg')
    throw new HttpError(415, 'a photo is sent as image/png or image/jpeg', 'badBody');
  const bytes = await readBodyBytes(
    req,
    MAX_PHOTO_BYTES,
    `a photo is at most ${MAX_PHOTO_BYTES / 1024} KiB`,
  ).catch((e: unknown) => {
    throw e instanceof BodyError ? new HttpError(e.status, e.message, 'badBody') : e;
  });
  const type = imageType(bytes);
  if (type === null || type !== declared)
    throw new HttpError(415, 'the body is not the PNG or JPEG image its type says', 'badBody');
  return { type, bytes };
}

/** Staff members' photos (table staff_photos), shown on the rating pad at the window they work at. */
export class StaffPhotos {
  constructor(
    private readonly pool: Pool,
    private readonly clock: Clock,
    private readonly audit: Audit,
  ) {}

  async set(
    staffId: number,
    photo: { type: string; bytes: Buffer },
    by: string,
    source: string,
  ): Promise<boolean> {
    const { rows } = await this.pool.query<{ number: string }>(
      `WITH p AS (
         INSERT INTO staff_photos (staff_id, type, bytes, updated_at)
         SELECT id, $2, $3, $4 FROM staff WHERE id = $1
         ON CONFLICT (staff_id) DO UPDATE SET type = EXCLUDED.type, bytes = EXCLUDED.bytes, updated_at = EXCLUDED.updated_at
         RETURNING staff_id)
       SELECT s.number FROM staff s JOIN p ON p.staff_id = s.id`,
      [staffId, photo.type, photo.bytes, new Date(this.clock.now())],
    );
    if (!rows[0]) return false;
    await this.audit.write(by, source, 'staffPhotoSet', `${rows[0].number} (${photo.bytes.length} bytes)`);
    return true;
  }

  /** The photo of the person signed in at a window now, if they have one. */
  async atCounter(counterId: string): Promise<{ type: string; bytes: Buffer } | null> {
    const { rows } = await this.pool.query<{ type: string; bytes: Buffer }>(
      `SELECT p.type, p.bytes FROM counter_staff cs JOIN staff_photos p ON p.staff_id = cs.staff_id
       WHERE cs.counter_id = $1`,
      [counterId],
    );
    return rows[0] ?? null;
  }
}
