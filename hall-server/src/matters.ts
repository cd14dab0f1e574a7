import type { LocalizedText, Matter } from '@hall-kiosk/shared';
import { loadCatalogueFile } from '../../device-daemon/src/catalogue/catalogue-file.ts';
import { configPath, type HallConfig } from './config.ts';

/** A matter as the hall shows it: its code, name and the area whose windows handle it. */
export type HallMatter = { id: string; name: LocalizedText; areaId: string };

/**
 * The matters (事项) the hall knows, from the same service catalogue file the kiosks load
 * (hall.json `catalogue.file`). The hall reads names from its own copy rather than taking them from
 * the kiosk with each ticket: a counter's picker needs every matter of its areas anyway, the report
 * names the matters of days past, and a ticket then carries only a code (nothing a kiosk could word
 * differently). A code from a kiosk is kept even when the catalogue lacks it (a kiosk's catalogue may
 * be newer than the hall's), shown as the code; a window sets only codes the catalogue knows.
 */
export class HallMatters {
  readonly #byId: Map<string, HallMatter>;

  constructor(matters: readonly Pick<Matter, 'code' | 'name' | 'areaId'>[]) {
    this.#byId = new Map(matters.map((m) => [m.code, { id: m.code, name: m.name, areaId: m.areaId }]));
  }

  /** Whether a catalogue was loaded (with none, any well-formed code is accepted). */
  get loaded(): boolean {
    return this.#byId.size > 0;
  }

  get(id: string): HallMatter | null {
    return this.#byId.get(id) ?? null;
  }

  /** Whether a window may set this code: any code without a catalogue, a known one with it. */
  accepts(id: string): boolean {
    return !this.loaded || this.#byId.has(id);
  }

  /** Every matter, in catalogue order. */
  all(): HallMatter[] {
    return [...this.#byId.values()];
  }
}

/** The hall's matters from `catalogue.file` (relative to hall.json); none when it is not configured. */
export function loadHallMatters(config: HallConfig): HallMatters {
  if (!config.catalogue) return new HallMatters([]);
  return new HallMatters(loadCatalogueFile(configPath(config, config.catalogue.file)).matters);
}
