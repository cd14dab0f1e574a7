/** The daemon's version, reported by /api/health, the technician pages and `kiosk status`. */
export const VERSION = '0.1.0';
