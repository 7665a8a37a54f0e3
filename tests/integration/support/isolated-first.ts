import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The order the test files start in (vitest.config.ts `sequence.sequencer`). Vitest's own order is
 * kept inside each part: project by project, files that failed last time first, then the longest by
 * the last run's durations (the largest files when there is none). On top of it, files of isolated
 * projects (a fresh module graph each, e.g. integration-pages) go before the files of projects that
 * share one module graph per worker (`isolate: false`, the integration project), so that:
 *
 * - vitest hands a finished worker of a shared graph the next file only while the queue's next file
 *   is also a shared-graph file (otherwise it stops the worker, and the next one imports the whole
 *   server again): the shared-graph files run as one unbroken tail;
 * - the pages files, which start whole server processes with Next, start at once rather than after
 *   every other file, where they made the run's tail (the suite's wall time, docs/ARCHITECTURE.md).
 */
export class IsolatedFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const shared = (spec: TestSpecification) => (spec.project.config.isolate ? 0 : 1);
    return sorted.map((spec, i) => ({ spec, i })).sort((a, b) => shared(a.spec) - shared(b.spec) || a.i - b.i).map(({ spec }) => spec);
  }
}
