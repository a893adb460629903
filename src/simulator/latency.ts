// How long an operation takes: the latency model's median, or a seeded lognormal around it, times
// timeScale. The sample index lives in the persisted state so separate processes continue one
// deterministic sequence for a given seed.
import { latencyModel, type LatencyEntry } from './latency-model.js';
import type { CloudState } from './state.js';

export interface LatencyConfig {
  timeScale: number;
  mode: 'median' | 'sampled';
  seed: number;
}

/** For types the model has no entry for (e.g. networkInterfaces): a quick synchronous-feeling write. */
const FALLBACK: LatencyEntry = { createSeconds: 2, deleteSeconds: 2, createLognormalSigma: 0.5, deleteLognormalSigma: 0.5 };

const TYPES = latencyModel.types as unknown as Record<string, LatencyEntry>;

/** Exact key (may carry a '#variant'), else the base type, else the fallback. */
export function latencyEntry(typeKey: string): LatencyEntry {
  const wanted = typeKey.toLowerCase();
  const base = wanted.split('#')[0];
  const find = (k: string) => Object.entries(TYPES).find(([name]) => name.toLowerCase() === k)?.[1];
  return find(wanted) ?? find(base) ?? FALLBACK;
}

/** Model seconds (before scaling) for one operation, consuming one sample from the state's sequence. */
export function modelSeconds(state: CloudState, cfg: LatencyConfig, typeKey: string, kind: 'create' | 'delete'): number {
  const entry = latencyEntry(typeKey);
  const median = kind === 'create' ? entry.createSeconds : entry.deleteSeconds;
  if (cfg.mode === 'median') return median;
  const sigma = (kind === 'create' ? entry.createLognormalSigma : entry.deleteLognormalSigma) ?? 0.5;
  const p90 = (kind === 'create' ? entry.createP90Seconds : entry.deleteP90Seconds) ?? median * 3;
  const rand = mulberry32(mix(cfg.seed, state.seq++));
  const u1 = Math.max(rand(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rand());
  // Clamp the tails: a lognormal occasionally produces absurd values that no measurement supports.
  return Math.min(Math.max(median * Math.exp(sigma * z), median / 4), p90 * 3);
}

export const scaledMs = (cfg: LatencyConfig, seconds: number): number => Math.round(seconds * cfg.timeScale * 1000);

export function mix(seed: number, n: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (n + 0x7f4a7c15), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

export function mulberry32(a: number): () => number {
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
