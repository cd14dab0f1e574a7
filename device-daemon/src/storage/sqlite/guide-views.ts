import type { GuideViews } from '../../catalogue/guide-views.ts';
import type { Db } from './database.ts';

/** Guide views in the `guide_views` table. */
export class SqliteGuideViews implements GuideViews {
  #insert;
  #area;

  constructor(db: Db) {
    this.#insert = db.prepare<[string, string, string]>(
      `INSERT INTO guide_views (matter_code, area_id, at) VALUES (?, ?, ?)`,
    );
    this.#area = db.prepare<[number], { area_id: string }>(`SELECT area_id FROM guide_views WHERE id = ?`);
  }

  async record(matterCode: string, areaId: string, at: number): Promise<number> {
    return Number(this.#insert.run(matterCode, areaId, new Date(at).toISOString()).lastInsertRowid);
  }

  async areaOf(id: number): Promise<string | undefined> {
    return this.#area.get(id)?.area_id;
  }
}
