// Progress for logs and CI (stderr is not a terminal): one timestamped line per event, each naming
// its step, and a heartbeat for long operations so a 10-minute create never looks hung.
import type { Progress, StepOutcome } from './progress.js';
import type { RenderedStep } from './render.js';

const label: Record<StepOutcome, string> = {
  created: 'created', updated: 'updated', 'in sync': 'in sync', adopted: 'adopted', deleted: 'deleted', absent: 'already gone',
  failed: 'FAILED', skipped: 'not started', cancelled: 'interrupted', planned: 'planned',
};

export function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export function lineProgress(steps: readonly RenderedStep[], stream: NodeJS.WritableStream, opts: { heartbeatMs?: number; now?: () => Date } = {}): Progress {
  const now = opts.now ?? (() => new Date());
  const byId = new Map(steps.map((s) => [s.id, s]));
  const running = new Map<string, { since: number; last?: string }>();
  const write = (id: string, text: string) => {
    const t = now().toISOString().slice(11, 19);
    stream.write(`[${t}] ${byId.get(id)?.title ?? id}: ${text}\n`);
  };
  const timer = setInterval(() => {
    for (const [id, r] of running) {
      const typical = byId.get(id)?.typicalSeconds;
      write(id, `still ${r.last ?? 'working'} (${fmtDuration(Date.now() - r.since)} elapsed${typical ? `, typically ~${fmtDuration(typical * 1000)}` : ''})`);
    }
  }, opts.heartbeatMs ?? 30_000);
  timer.unref();
  return {
    started(id) {
      running.set(id, { since: Date.now() });
      write(id, 'started');
    },
    message(id, text) {
      const r = running.get(id);
      // A set step reports the same status once per member (58 policy assignments: "provisioning…"):
      // a repeat says nothing new, and the heartbeat already shows the step is alive.
      if (r?.last === text) return;
      if (r) r.last = text;
      write(id, text);
    },
    finished(id, outcome, detail) {
      running.delete(id);
      write(id, `${label[outcome]}${detail ? ` (${detail})` : ''}`);
    },
    async close() {
      clearInterval(timer);
    },
  };
}
