import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../api/http.ts';

const STAFF_PATHS = /^\/api\/(?:staff|display)(?:\/|$)/;

/**
 * What a kiosk in hall mode answers on the staff API's paths: the counter pages and displays are
 * served by the hall server, so nothing of the kiosk's own staff API is mounted — every such path
 * is a 404 that says where to go.
 */
export async function hallModeStaffApi(
  _req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<boolean> {
  if (!STAFF_PATHS.test(path)) return false;
  sendJson(res, 404, {
    error: 'this kiosk is in hall mode: counter pages and displays are on the hall server',
    code: 'hallMode',
  });
  return true;
}
