/**
 * Guides looked up at the kiosk (which matter, its area, when — never who), so that a guide can be
 * rated as a service event. SQLite: `storage/sqlite/guide-views.ts`.
 */
export interface GuideViews {
  /** Records a guide view; its id. */
  record(matterCode: string, areaId: string, at: number): Promise<number>;
  /** The area of a recorded guide view, or undefined if there is no such view. */
  areaOf(id: number): Promise<string | undefined>;
}
