// What every use case that touches an environment needs: validated config, the target (Azure or
// the simulator), the state file and its lock, the step environment, and Ctrl-C handling (through
// the Io, so a test can press it).
import { setMaxListeners } from 'node:events';
import path from 'node:path';
import { classifyArmError, toAuthErrorIfAny } from '../azure/arm-error.js';
import { createClients } from '../azure/clients.js';
import { tenantIdOf } from '../azure/raw.js';
import { pollIntervalMs, type LatencyMode, type Target } from '../azure/target.js';
import { loadConfig, type LoadedConfig } from '../config/load.js';
import { SecureAmlError, UsageError } from '../errors.js';
import type { CommonOptions } from '../options.js';
import { acquireLock, type HeldLock } from '../state/lock.js';
import { StateStore, statePath } from '../state/state.js';
import type { Io } from '../ui/io.js';
import { widthFor, wrap } from '../ui/layout.js';
import { resolvePeople } from './people.js';
import type { StepEnv } from '../../steps/env.js';

export interface Session {
  loaded: LoadedConfig;
  target: Target;
  env: StepEnv;
  state: StateStore;
  stateDir: string;
  signal: AbortSignal;
  concurrency: number;
  /** The exact command that continues this environment after a failure or Ctrl-C. */
  resumeCommand: string;
  close(): Promise<void>;
}

/** Where the run goes, for the result a command prints. */
export type TargetKind = Target['kind'];

export const DEFAULT_SIM_TIME_SCALE = 0.05;

function parseNumber(value: string | undefined, flag: string, check: (n: number) => boolean, expect: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || !check(n)) throw new UsageError(`${flag}: "${value}" is not valid; expected ${expect}.`, [{ path: flag, message: `expected ${expect}` }]);
  return n;
}

export function resolveTarget(o: CommonOptions, io: Pick<Io, 'env' | 'cwd'>, subscriptionId: string): Target {
  const dir = o.simulate ?? io.env.SECURE_AML_SIMULATE;
  if (!dir) return { kind: 'azure', subscriptionId };
  const timeScale = parseNumber(o.simTimeScale ?? io.env.SECURE_AML_SIM_TIME_SCALE, '--sim-time-scale', (n) => n > 0 && n <= 10, 'a number > 0 and ≤ 10, e.g. 0.05') ?? DEFAULT_SIM_TIME_SCALE;
  const latency = (o.simLatency ?? io.env.SECURE_AML_SIM_LATENCY ?? 'sampled') as LatencyMode;
  if (latency !== 'median' && latency !== 'sampled') throw new UsageError(`--sim-latency: "${latency}" is not valid; expected median or sampled.`);
  const seed = parseNumber(o.simSeed, '--sim-seed', Number.isInteger, 'an integer');
  const faults = o.simFaults ?? io.env.SECURE_AML_SIM_FAULTS;
  return { kind: 'simulate', subscriptionId, dir: path.resolve(io.cwd, dir), timeScale, latency, seed, faults: faults || undefined };
}

/** The flags that must be repeated for a follow-up command to reach the same environment. */
export function followUpFlags(o: CommonOptions, loaded: LoadedConfig, io: Pick<Io, 'env'>): string {
  const parts = [`-e ${loaded.config.environment}`];
  if (o.stateDir) parts.push(`--state-dir ${o.stateDir}`);
  if (o.simulate) parts.push(`--simulate ${o.simulate}`);
  else if (io.env.SECURE_AML_SIMULATE) parts.push(`--simulate ${io.env.SECURE_AML_SIMULATE}`);
  return parts.join(' ');
}

/** A notice on stderr when every call goes to the simulator. */
export function simulationNotice(session: Session, io: Io, what: 'created' | 'deleted'): void {
  if (session.target.kind === 'simulate') {
    const text = `SIMULATION: every call goes to the embedded ARM simulator in ${session.target.dir}; nothing real is ${what}.`;
    io.stderr.write(wrap(text, widthFor(io.stderr), '', '  ').join('\n') + '\n');
  }
}

export async function openSession(o: CommonOptions, io: Io, command: string, configFile?: string, beforeLock?: (loaded: LoadedConfig) => void): Promise<Session> {
  const loaded = await loadConfig({
    file: configFile ?? o.config,
    flags: { subscription: o.subscription, location: o.location, env: o.env, egress: o.egress, access: o.access, enforce: o.enforce },
    env: io.env,
  });
  const target = resolveTarget(o, io, loaded.config.subscriptionId);
  if (target.kind === 'simulate' && target.faults) {
    const { parseFaults } = await import('../simulator/faults.js');
    try { parseFaults(target.faults); } catch (e) { throw new UsageError(`--sim-faults: ${(e as Error).message}`, [{ path: '--sim-faults', message: (e as Error).message }], 'Example: --sim-faults "rate=0.1,seed=7,kinds=429+503"'); }
  }
  beforeLock?.(loaded);
  const concurrency = parseNumber(o.concurrency, '--concurrency', (n) => Number.isInteger(n) && n >= 1 && n <= 64, 'an integer from 1 to 64') ?? 10;
  const stateDir = path.resolve(io.cwd, o.stateDir ?? '.secure-aml');
  const file = statePath(stateDir, loaded.config.environment);
  const { mkdir } = await import('node:fs/promises');
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const lock: HeldLock = await acquireLock(file, `secure-aml ${command}`);
  const controller = new AbortController();
  // Every SDK call in flight listens on this one signal: dozens at once is the design, not a leak.
  setMaxListeners(0, controller.signal);
  let state: StateStore;
  try {
    state = await StateStore.open(file, {
      environment: loaded.config.environment,
      subscriptionId: loaded.config.subscriptionId,
      location: loaded.config.location,
      configFile: loaded.file ? path.resolve(io.cwd, loaded.file) : undefined,
      target: target.kind,
      lastCommand: command,
    });
  } catch (e) {
    await lock.release();
    throw e;
  }

  // First Ctrl-C: stop scheduling, let running calls settle, save state. Second: leave now.
  let interrupts = 0;
  const unsubscribe = io.onSignal(() => {
    interrupts += 1;
    if (interrupts === 1) {
      io.stderr.write('\nInterrupted: finishing what is in flight and saving state (Ctrl-C again to leave at once)…\n');
      controller.abort();
    } else {
      io.exit(130);
    }
  });

  const clients = createClients(target);
  let tenantId: string;
  try {
    tenantId = await tenantIdOf(clients, loaded.config.subscriptionId);
  } catch (e) {
    unsubscribe();
    await lock.release();
    const auth = toAuthErrorIfAny(e);
    if (auth) throw auth;
    const info = classifyArmError(e);
    throw new SecureAmlError(`Cannot read subscription ${loaded.config.subscriptionId}: ${info.code ? info.code + ': ' : ''}${info.message}`, 'Check --subscription / AZURE_SUBSCRIPTION_ID and that your identity can read it (`az account show`).');
  }
  // People named by user principal name or group name become object ids now, before any plan or write.
  let config: LoadedConfig['config'];
  try {
    const lenient = command === 'teardown' ? { warn: (m: string) => io.stderr.write(`warning: ${m}\n`) } : undefined;
    config = await resolvePeople(loaded.config, () => clients.graph(), { signal: controller.signal, lenient });
  } catch (e) {
    unsubscribe();
    await lock.release();
    throw e;
  }
  const env: StepEnv = {
    config, names: loaded.names, clients, subscriptionId: loaded.config.subscriptionId, tenantId,
    pollIntervalMs: pollIntervalMs(target), timeScale: target.kind === 'simulate' ? target.timeScale : 1,
  };
  return {
    loaded: { ...loaded, config }, target, env, state, stateDir, signal: controller.signal, concurrency,
    resumeCommand: `secure-aml resume ${followUpFlags(o, loaded, io)}`,
    async close() {
      unsubscribe();
      await state.flush();
      await lock.release();
    },
  };
}
