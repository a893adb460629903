// Versioned state per environment (DESIGN §2): `.secure-aml/<env>.state.json`, mode 0600, written
// atomically (write-file-atomic: temp + fsync + rename). Write-ahead: a step's record turns
// `pending` before its mutating call and `done` (with outputs) after, so `resume` can settle it.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { SecureAmlError } from '../errors.js';

export const STATE_VERSION = 1;

export type StepStatus = 'pending' | 'done' | 'failed' | 'deleting' | 'deleted';

export interface StepRecord {
  status: StepStatus;
  resourceId?: string;
  /** The mutating operation in flight (pending) or last performed. */
  operation?: 'create' | 'update' | 'delete' | 'adopt' | 'noop';
  /** Serialised LRO poller of an operation accepted by ARM, for re-attaching on resume. */
  poller?: string;
  /** True when this tool created the resource (teardown deletes only those). */
  created?: boolean;
  outputs?: Record<string, string>;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  error?: { code?: string; message: string; correlationId?: string };
}

export interface StateDoc {
  version: number;
  environment: string;
  subscriptionId: string;
  location: string;
  configFile?: string;
  target: 'azure' | 'simulate';
  createdAt: string;
  updatedAt: string;
  lastCommand?: string;
  steps: Record<string, StepRecord>;
}

export function statePath(stateDir: string, environment: string): string {
  return path.join(stateDir, `${environment}.state.json`);
}

export async function readState(file: string): Promise<StateDoc | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let doc: StateDoc;
  try {
    doc = JSON.parse(text) as StateDoc;
  } catch {
    throw new SecureAmlError(`State file ${file} is not valid JSON.`, 'Restore it from a backup or remove it to start over (resources already created are adopted by tag on the next apply).');
  }
  if (doc.version !== STATE_VERSION) {
    throw new SecureAmlError(`State file ${file} has version ${doc.version}; this secure-aml reads version ${STATE_VERSION}.`, 'Use the secure-aml release that wrote it.');
  }
  return doc;
}


/** Serialises writes of one state document; every write replaces the whole file atomically. */
export class StateStore {
  private queue: Promise<void> = Promise.resolve();
  constructor(readonly file: string, private doc: StateDoc) {}

  static async open(file: string, init: Omit<StateDoc, 'version' | 'createdAt' | 'updatedAt' | 'steps'>): Promise<StateStore> {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const existing = await readState(file);
    const now = new Date().toISOString();
    const doc: StateDoc = existing
      ? { ...existing, ...init, updatedAt: now }
      : { version: STATE_VERSION, ...init, createdAt: now, updatedAt: now, steps: {} };
    const store = new StateStore(file, doc);
    await store.flush();
    return store;
  }

  get snapshot(): Readonly<StateDoc> {
    return this.doc;
  }

  step(id: string): StepRecord | undefined {
    return this.doc.steps[id];
  }

  async update(id: string, patch: Partial<StepRecord>): Promise<void> {
    const prev = this.doc.steps[id] ?? { status: 'pending' as const };
    const next: StepRecord = { ...prev, ...patch };
    for (const k of Object.keys(next) as (keyof StepRecord)[]) if (next[k] === undefined) delete next[k];
    this.doc.steps[id] = next;
    await this.flush();
  }

  async forget(id: string): Promise<void> {
    delete this.doc.steps[id];
    await this.flush();
  }

  async setMeta(patch: Partial<Pick<StateDoc, 'lastCommand' | 'configFile'>>): Promise<void> {
    Object.assign(this.doc, patch);
    await this.flush();
  }

  flush(): Promise<void> {
    const run = async () => {
      this.doc.updatedAt = new Date().toISOString();
      await writeFileAtomic(this.file, JSON.stringify(this.doc, null, 2) + '\n', { mode: 0o600, fsync: true });
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }
}
