// One run per environment. proper-lockfile gives an atomic mkdir lock with a heartbeat (mtime);
// we add an owner record beside the lock directory so a refused run can say who holds it, and
// treat a lock whose owner process on this host is gone (SIGKILL) as stale at once.
//
// The lock directory and the owner record are two files, so taking the lock and writing its record
// cannot be one atomic step. Every decision about them is therefore made under a short-lived second
// lock, the guard (`<state>.lock-guard`, also proper-lockfile): acquiring (mkdir, then the owner
// record, written atomically) and taking over a dead owner's lock (check the record, remove the lock,
// take it, write the new record) each run entirely inside the guard. So no acquirer can see a held
// lock without its record, or a dead previous owner's record beside a lock that someone has just
// taken, and two acquirers cannot both take over the same dead lock. A lock without a record (its
// taker died between the two steps) counts as held until proper-lockfile finds it stale (no heartbeat
// for `stale`). Release removes the record (only if it is still ours) before the lock.
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import lockfile from 'proper-lockfile';
import { LockedError } from '../errors.js';

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
  /** Distinguishes this holder's record from any later one (pids are reused). */
  token?: string;
}

export interface HeldLock {
  release(): Promise<void>;
}

function lockDir(stateFile: string): string {
  return `${stateFile}.lock`;
}

// Beside the lock directory, not inside it: writing into it would change the directory's mtime,
// which proper-lockfile reads as a compromised lock.
const ownerFile = (stateFile: string) => `${stateFile}.lock-owner.json`;
const guardDir = (stateFile: string) => `${stateFile}.lock-guard`;

/** The lock's paths for a state file (for tests and messages). */
export function lockPaths(stateFile: string): { lock: string; owner: string; guard: string } {
  return { lock: lockDir(stateFile), owner: ownerFile(stateFile), guard: guardDir(stateFile) };
}

/** Lock timings (ms). The guard is held for a few file operations only. */
const LOCK = { stale: 30_000, update: 5_000 };
const GUARD = { stale: 10_000, update: 2_000, retries: { retries: 200, factor: 1.2, minTimeout: 5, maxTimeout: 200 } };

async function readOwner(stateFile: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(ownerFile(stateFile), 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Writes the owner record in one step (temp file + rename): readers see the whole record or none. */
async function writeOwner(stateFile: string, owner: LockOwner): Promise<void> {
  const tmp = `${ownerFile(stateFile)}.${process.pid}.${owner.token}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(owner) + '\n', { mode: 0o600 });
    await rename(tmp, ownerFile(stateFile));
  } finally {
    await rm(tmp, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Runs `fn` holding the guard; waits for another acquirer's guard (held only briefly). */
async function withGuard<T>(stateFile: string, fn: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(guardDir(stateFile), { realpath: false, lockfilePath: guardDir(stateFile), ...GUARD, onCompromised: () => undefined });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
    throw new LockedError('The environment lock is being taken by another process, which has not finished.', 'Try again; if no other run is starting, remove ' + guardDir(stateFile) + '.');
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

export async function acquireLock(stateFile: string, command: string): Promise<HeldLock> {
  // A busy machine can delay the heartbeat past `stale`: that must not crash the run (the
  // default onCompromised throws from a timer); ownership is also checked by pid.
  const attempt = () => lockfile.lock(stateFile, { realpath: false, lockfilePath: lockDir(stateFile), ...LOCK, onCompromised: () => undefined });
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), command, startedAt: new Date().toISOString(), token: randomBytes(8).toString('hex') };

  const release = await withGuard(stateFile, async () => {
    let rel: () => Promise<void>;
    try {
      rel = await attempt();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      const current = await readOwner(stateFile);
      if (current && current.host === os.hostname() && !alive(current.pid)) {
        // Inside the guard the record belongs to the lock beside it: its owner is gone.
        await rm(ownerFile(stateFile), { force: true });
        await rm(lockDir(stateFile), { recursive: true, force: true });
        rel = await attempt();
      } else {
        const who = current ? `pid ${current.pid} on ${current.host} (\`${current.command}\`, since ${current.startedAt})` : 'another process';
        throw new LockedError(`The environment is locked by ${who}.`, 'Wait for that run to finish; if it is gone (another machine), remove ' + lockDir(stateFile) + '.');
      }
    }
    try {
      await writeOwner(stateFile, owner);
    } catch (e) {
      await rel().catch(() => undefined);
      throw e;
    }
    return rel;
  });

  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      // Record first, then the lock: an acquirer in between sees a held lock without a record
      // (refused), never a free lock beside our stale record.
      const current = await readOwner(stateFile);
      if (current?.token === owner.token) await rm(ownerFile(stateFile), { force: true });
      await release().catch(() => undefined);
    },
  };
}
