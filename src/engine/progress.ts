// What the engine reports while it runs. The listr2 renderer implements it for terminals and
// logs; tests can collect events with a plain object.
export type StepOutcome = 'created' | 'updated' | 'in sync' | 'adopted' | 'deleted' | 'absent' | 'failed' | 'skipped' | 'cancelled' | 'planned';

export interface Progress {
  started(id: string): void;
  message(id: string, text: string): void;
  finished(id: string, outcome: StepOutcome, detail?: string): void;
  /** Resolves once everything is drawn. */
  close(): Promise<void>;
}

export const silentProgress: Progress = {
  started() {},
  message() {},
  finished() {},
  async close() {},
};
