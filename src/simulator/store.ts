// Persistence of the simulated cloud: <dir>/cloud.json, read fresh and written atomically around every
// request, under a cross-process lock (proper-lockfile) plus an in-process queue. Separate CLI processes
// (including one killed with SIGKILL mid-run) therefore always see one consistent cloud.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { emptyState, type CloudState } from './state.js';

/** Per-directory promise chains: proper-lockfile alone would make same-process callers spin on retries. */
const queues = new Map<string, Promise<unknown>>();

interface Loaded {
  state: CloudState;
  /** Canonical serialisation at load time, to skip writes that change nothing. */
  snapshot: string;
}

export class Store {
  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<Store> {
    const abs = path.resolve(dir);
    await mkdir(abs, { recursive: true });
    return new Store(abs);
  }

  get statePath(): string {
    return path.join(this.dir, 'cloud.json');
  }

  /** Runs fn with exclusive access to the cloud, across this process and others. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const prev = queues.get(this.dir) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(() => this.locked(fn));
    queues.set(this.dir, run.catch(() => undefined));
    return run;
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const release = await lockfile.lock(this.statePath, {
      realpath: false, // cloud.json may not exist yet
      stale: 5000, // a SIGKILLed holder's lock is taken over after 5 s
      retries: { retries: 400, factor: 1.2, minTimeout: 5, maxTimeout: 50 },
      onCompromised: () => undefined, // never crash the host process from a timer; the next request re-locks
    });
    try {
      return await fn();
    } finally {
      await release().catch(() => undefined);
    }
  }

  async load(): Promise<Loaded> {
    let text: string;
    try {
      text = await readFile(this.statePath, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const state = emptyState();
      return { state, snapshot: '' };
    }
    const state = JSON.parse(text) as CloudState;
    if (state.version !== 1) throw new Error(`${this.statePath}: unsupported simulator state version ${String(state.version)}`);
    // The file is the compact serialisation save() writes, so it is its own snapshot (a file written some
    // other way just compares unequal once and is rewritten).
    return { state, snapshot: text.trimEnd() };
  }

  /** Writes the state when it changed, as compact JSON: it is read and rewritten around most requests. */
  async save(loaded: Loaded, state: CloudState): Promise<void> {
    const text = JSON.stringify(state);
    if (text === loaded.snapshot) return;
    await writeFileAtomic(this.statePath, `${text}\n`);
  }
}
