// One run per environment. proper-lockfile gives an atomic mkdir lock with a heartbeat (mtime);
// we add an owner record inside the lock directory so a refused run can say who holds it, and
// treat a lock whose owner process on this host is gone (SIGKILL) as stale at once.
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
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

async function readOwner(stateFile: string): Promise<LockOwner | undefined> {
  try {
    return JSON.parse(await readFile(path.join(lockDir(stateFile), 'owner.json'), 'utf8')) as LockOwner;
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
  const attempt = () => lockfile.lock(stateFile, { realpath: false, lockfilePath: lockDir(stateFile), stale: 15_000, update: 5_000 });
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
      throw new LockedError(`The environment is locked by ${who}.`, 'Wait for that run to finish; if it is gone, remove ' + lockDir(stateFile) + '.');
    }
  }
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), command, startedAt: new Date().toISOString() };
  await writeFile(path.join(lockDir(stateFile), 'owner.json'), JSON.stringify(owner) + '\n', { mode: 0o600 });
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      // proper-lockfile removes its directory with rmdir: empty it first.
      await rm(path.join(lockDir(stateFile), 'owner.json'), { force: true });
      await release().catch(() => undefined);
    },
  };
}
