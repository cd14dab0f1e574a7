import type { Clock, CompletionPayload, LocalizedText, Matter, MatterSummary } from '@hall-kiosk/shared';
import { CommandError } from '../core/command-error.ts';
import type { EscPosPrinterDriver } from '../devices/printer/printer-driver.ts';
import type { Logger } from '../log.ts';
import { localDateTime } from '../core/local-day.ts';
import { checklistSlip } from '../printing/slips.ts';
import type { PrintJournal } from '../tickets/print-journal.ts';
import type { Catalogue } from './catalogue-file.ts';
import type { GuideViews } from './guide-views.ts';
import { SearchIndex } from './search-index.ts';

const summary = (m: Matter): MatterSummary => ({
  code: m.code,
  name: m.name,
  areaId: m.areaId,
  department: m.department,
  visits: m.visits,
});

/**
 * The service catalogue: browse by area and life event, search (search-index.ts), a matter's guide,
 * and its material checklist printed on the receipt printer. Every guide looked up is recorded
 * (not who looked: nothing personal) so that it can be rated as a service event.
 */
export class CatalogueService {
  /** Built in the background (the pinyin child process); searches wait for it. */
  #index: Promise<SearchIndex>;
  #byCode: Map<string, Matter>;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly d: {
      guideViews: GuideViews;
      journal: PrintJournal;
      printer: () => EscPosPrinterDriver | undefined;
      paperWidth: 58 | 80;
      hallName: LocalizedText;
      timeZone: string;
      /** The hall's areas, in order (for browsing by area). */
      areas: { id: string; name: LocalizedText }[];
      clock: Clock;
      log: Logger;
    },
  ) {
    this.#index = SearchIndex.build(catalogue.matters);
    this.#index.catch((e: unknown) =>
      d.log.error({ error: (e as Error).message }, 'catalogue search index not built'),
    );
    this.#byCode = new Map(catalogue.matters.map((m) => [m.code, m]));
  }

  get size(): number {
    return this.catalogue.matters.length;
  }

  matter(code: string): Matter {
    const m = this.#byCode.get(code);
    if (!m) throw new CommandError('invalidData', `payload.code: no matter "${code}" in the catalogue`);
    return m;
  }

  browse(areaId?: string, lifeEventId?: string, department?: string): CompletionPayload<'Catalogue.Browse'> {
    let matters = this.catalogue.matters;
    if (lifeEventId !== undefined) {
      const event = this.catalogue.lifeEvents.find((e) => e.id === lifeEventId);
      if (!event)
        throw new CommandError('invalidData', `payload.lifeEventId: no life event "${lifeEventId}"`);
      matters = event.matterCodes.map((c) => this.#byCode.get(c)!);
    }
    if (areaId !== undefined) matters = matters.filter((m) => m.areaId === areaId);
    const departments = new Map(matters.map((m) => [m.department.zh, m.department]));
    if (department !== undefined) matters = matters.filter((m) => m.department.zh === department);
    return {
      matters: matters.map(summary),
      departments: [...departments.values()],
      areas: this.d.areas
        .filter((a) => this.catalogue.matters.some((m) => m.areaId === a.id))
        .map((a) => ({ id: a.id, name: a.name })),
      lifeEvents: this.catalogue.lifeEvents.map((e) => ({ id: e.id, name: e.name })),
    };
  }

  async search(query: string): Promise<CompletionPayload<'Catalogue.Search'>> {
    const { hits, total } = (await this.#index).search(query, 30);
    return { matters: hits.map((h) => summary(h.matter)), total };
  }

  async guide(code: string): Promise<CompletionPayload<'Catalogue.Guide'>> {
    const matter = this.matter(code);
    const id = await this.d.guideViews.record(matter.code, matter.areaId, this.d.clock.now());
    return { matter, guideViewId: id };
  }

  /** The area a recorded guide view belongs to, or undefined if there is no such view. */
  guideViewArea(id: number): Promise<string | undefined> {
    return this.d.guideViews.areaOf(id);
  }

  async printChecklist(code: string): Promise<CompletionPayload<'Catalogue.PrintChecklist'>> {
    const matter = this.matter(code);
    const printer = this.d.printer();
    if (!printer) return { print: { printed: false, reason: 'noDevice' }, printJobId: null };
    const now = this.d.clock.now();
    const jobId = await this.d.journal.create('receiptPrinter', 'checklist', null);
    const bytes = checklistSlip({
      hallName: this.d.hallName,
      printedAtLocal: localDateTime(now, this.d.timeZone),
      paperWidth: this.d.paperWidth,
      matter: { code: matter.code, name: matter.name },
      materials: matter.materials.map((m) => ({
        name: m.name,
        form: m.form,
        count: m.count,
        ...(m.note ? { note: m.note } : {}),
      })),
      ...(matter.online ? { onlineUrl: matter.online.url } : {}),
    });
    await this.d.journal.mark(jobId, 'sent');
    const result = await printer.print(bytes);
    if (result.ok) {
      await this.d.journal.mark(jobId, 'printed');
      return { print: { printed: true }, printJobId: jobId };
    }
    await this.d.journal.mark(jobId, 'failed', `${result.reason}: ${result.detail}`);
    return { print: { printed: false, reason: result.reason }, printJobId: jobId };
  }
}
