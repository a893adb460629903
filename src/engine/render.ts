// listr2 rendering on stderr: a live task tree on a TTY, timestamped lines otherwise (CI logs),
// with a heartbeat on long operations so a 10-minute workspace create never looks hung.
import { Listr, ListrLogger, ProcessOutput, type ListrTaskWrapper } from 'listr2';
import { fmtDuration as fmt, lineProgress } from './lines.js';
import type { Progress, StepOutcome } from './progress.js';

export interface RenderedStep {
  id: string;
  title: string;
  /** Typical duration in seconds, shown while the step runs ("typically ~30s"). */
  typicalSeconds?: number;
}

interface Handle {
  task?: ListrTaskWrapper<unknown, never, never>;
  done: (outcome: StepOutcome, detail?: string) => void;
  startedAt?: number;
  lastMessage?: string;
}

const label: Record<StepOutcome, string> = {
  created: 'created', updated: 'updated', 'in sync': 'in sync', adopted: 'adopted', deleted: 'deleted', absent: 'already gone',
  failed: 'failed', skipped: 'not started', cancelled: 'interrupted', planned: 'planned',
};

/** A live listr2 task tree on a terminal; timestamped lines (lines.ts) anywhere else. */
export function progressFor(steps: readonly RenderedStep[], stream: NodeJS.WritableStream & { isTTY?: boolean }, opts: { heartbeatMs?: number } = {}): Progress {
  return stream.isTTY ? listrProgress(steps, stream, opts) : lineProgress(steps, stream, opts);
}

export function listrProgress(steps: readonly RenderedStep[], stream: NodeJS.WritableStream & { isTTY?: boolean }, opts: { heartbeatMs?: number } = {}): Progress {
  const handles = new Map<string, Handle>();
  const finished = new Set<string>();
  const out = new ProcessOutput(stream as NodeJS.WriteStream, stream as NodeJS.WriteStream, { dump: [] });
  const logger = new ListrLogger({ processOutput: out, useIcons: true });
  const heartbeatMs = opts.heartbeatMs ?? 1000;

  const list = new Listr(
    steps.map((s) => ({
      title: s.title,
      task: (_ctx: unknown, task: ListrTaskWrapper<unknown, never, never>) =>
        new Promise<void>((resolve, reject) => {
          const h = handles.get(s.id)!;
          h.task = task;
          h.done = (outcome, detail) => {
            const suffix = detail ? ` (${detail})` : '';
            if (outcome === 'failed') {
              reject(new Error(`${s.title}: ${label[outcome]}${suffix}`));
            } else if (outcome === 'skipped' || outcome === 'cancelled') {
              task.skip(`${s.title}: ${label[outcome]}${suffix}`);
              resolve();
            } else {
              task.title = `${s.title}: ${label[outcome]}${suffix}`;
              resolve();
            }
          };
          const queued = (h as Handle & { queued?: [StepOutcome, string?] }).queued;
          if (queued) h.done(...queued);
        }),
    })),
    {
      concurrent: true,
      exitOnError: false,
      registerSignalListeners: false,
      renderer: 'default',
      rendererOptions: { logger, collapseSubtasks: false, collapseErrors: false, showErrorMessage: true, formatOutput: 'truncate' } as never,
      // The caller chose the tree for a terminal stream; never let listr2 fall back on its own
      // reading of process.stdout (its fallback writes there and would corrupt `-o json > file`).
      fallbackRendererCondition: false,
      fallbackRendererOptions: { logger } as never,
    } as never,
  );

  for (const s of steps) {
    handles.set(s.id, { done: (outcome, detail) => { (handles.get(s.id) as Handle & { queued?: unknown }).queued = [outcome, detail]; } });
  }
  const running = list.run().catch(() => undefined);
  const typical = new Map(steps.map((s) => [s.id, s.typicalSeconds]));
  const timer = setInterval(() => {
    for (const [id, h] of handles) {
      if (h.startedAt === undefined || !h.task) continue;
      const t = typical.get(id);
      const base = h.lastMessage ?? 'working';
      h.task.output = `${base} — ${fmt(Date.now() - h.startedAt)} elapsed${t ? `, typically ~${fmt(t * 1000)}` : ''}`;
    }
  }, heartbeatMs);
  timer.unref();

  return {
    started(id) {
      const h = handles.get(id);
      if (!h) return;
      h.startedAt = Date.now();
      if (h.task) h.task.output = 'started';
    },
    message(id, text) {
      const h = handles.get(id);
      if (!h) return;
      h.lastMessage = text;
      if (h.task) h.task.output = text;
    },
    finished(id, outcome, detail) {
      const h = handles.get(id);
      if (!h || finished.has(id)) return;
      finished.add(id);
      h.startedAt = undefined;
      h.done(outcome, detail);
    },
    async close() {
      // Anything never reported (not run because a dependency failed) closes as not started.
      for (const [id, h] of handles) if (!finished.has(id)) { finished.add(id); h.done('skipped'); }
      clearInterval(timer);
      await running;
    },
  };
}
