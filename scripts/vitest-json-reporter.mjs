// Vitest's JSON report with what Vitest 4's own JSON reporter leaves out: the errors thrown outside any
// test (an unhandled rejection, a timer that throws after its test ended) and why the run ended. With
// these alone the run exits 1 while the report says every test passed. scripts/summarize-tests.mjs reads
// both fields.
import { JsonReporter } from 'vitest/node';

export default class JsonReporterWithErrors extends JsonReporter {
  unhandledErrors = [];
  runEndReason = 'passed';

  async onTestRunEnd(testModules, unhandledErrors, reason) {
    this.unhandledErrors = (unhandledErrors ?? []).map((error) => ({
      name: typeof error?.name === 'string' ? error.name : 'Error',
      message: typeof error?.message === 'string' ? error.message : String(error),
    }));
    this.runEndReason = reason ?? 'passed';
    await super.onTestRunEnd(testModules);
  }

  async writeReport(report) {
    const parsed = JSON.parse(report);
    parsed.unhandledErrors = this.unhandledErrors;
    parsed.runEndReason = this.runEndReason;
    await super.writeReport(JSON.stringify(parsed));
  }
}
