// One run per environment. proper-lockfile gives an atomic mkdir lock with a heartbeat (mtime);
// we add an owner record beside the lock directory so a refused run can say who holds it, and
// treat a lock whose owner process on this host is gone (SIGKILL) as stale at once.
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import lockfile from 'proper-lockfile';
import { LockedError } from '../errors.js';

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  startedAt: string;
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

async function readOwner(stateFile: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(ownerFile(stateFile), 'utf8')) as LockOwner;
  } catch {
    return undefined;
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

export async function acquireLock(stateFile: string, command: string): Promise<HeldLock> {
  // A busy machine can delay the heartbeat past `stale`: that must not crash the run (the
  // default onCompromised throws from a timer); ownership is also checked by pid.
  const attempt = () => lockfile.lock(stateFile, { realpath: false, lockfilePath: lockDir(stateFile), stale: 30_000, update: 5_000, onCompromised: () => undefined });
  let release: () => Promise<void>;
  try {
    release = await attempt();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
    const owner = await readOwner(stateFile);
    if (owner && owner.host === os.hostname() && !alive(owner.pid)) {
      await rm(lockDir(stateFile), { recursive: true, force: true });
      release = await attempt();
    } else {
      const who = owner ? `pid ${owner.pid} on ${owner.host} (\`${owner.command}\`, since ${owner.startedAt})` : 'another process';
      throw new LockedError(`The environment is locked by ${who}.`, 'Wait for that run to finish; if it is gone (another machine), remove ' + lockDir(stateFile) + '.');
    }
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), command, startedAt: new Date().toISOString() };
  await writeFile(ownerFile(stateFile), JSON.stringify(owner) + '\n', { mode: 0o600 });
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      await release().catch(() => undefined);
      await rm(ownerFile(stateFile), { force: true });
    },
  };
}
