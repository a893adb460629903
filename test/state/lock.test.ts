// The environment lock and its owner record: a dead owner's lock is taken over at once, but never
// while another acquirer is between taking the lock and writing its record, and only once.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LockedError } from '../../src/errors.js';
import { acquireLock, lockPaths, type HeldLock, type LockOwner } from '../../src/state/lock.js';
import { statePath } from '../../src/state/state.js';

async function stateFile(): Promise<string> {
  return statePath(await mkdtemp(path.join(os.tmpdir(), 'lock-')), 'dev');
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', '']);
  return r.pid!;
}

const record = (pid: number, command: string): LockOwner => ({ pid, host: os.hostname(), command, startedAt: '2026-01-01T00:00:00.000Z' });

/** What a SIGKILLed holder leaves behind: the lock directory and its owner record. */
async function killedHolder(file: string): Promise<number> {
  const pid = deadPid();
  await mkdir(lockPaths(file).lock);
  await writeFile(lockPaths(file).owner, JSON.stringify(record(pid, 'secure-aml apply')) + '\n');
  return pid;
}

/** Polls a condition until it holds or the deadline passes; returns whether it held. */
async function until(cond: () => boolean, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('environment lock', () => {
  it('writes the owner record with the lock and removes both on release', async () => {
    const file = await stateFile();
    const held = await acquireLock(file, 'secure-aml apply');
    const owner = JSON.parse(await readFile(lockPaths(file).owner, 'utf8')) as LockOwner;
    expect(owner).toMatchObject({ pid: process.pid, host: os.hostname(), command: 'secure-aml apply' });
    expect(existsSync(lockPaths(file).lock)).toBe(true);
    expect(existsSync(lockPaths(file).guard)).toBe(false); // the guard is held only while acquiring
    await held.release();
    expect(existsSync(lockPaths(file).owner)).toBe(false);
    expect(existsSync(lockPaths(file).lock)).toBe(false);
  });

  it('takes over at once the lock of an owner that died on this host', async () => {
    const file = await stateFile();
    await killedHolder(file);
    const held = await acquireLock(file, 'secure-aml resume');
    expect(JSON.parse(await readFile(lockPaths(file).owner, 'utf8'))).toMatchObject({ pid: process.pid, command: 'secure-aml resume' });
    await held.release();
  });

  it('counts a fresh lock without an owner record as held', async () => {
    const file = await stateFile();
    await mkdir(lockPaths(file).lock);
    await expect(acquireLock(file, 'secure-aml apply')).rejects.toThrow(/locked by another process/);
  });

  it('lets exactly one of several concurrent acquirers take over a dead owner\'s lock', async () => {
    const file = await stateFile();
    await killedHolder(file);
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => acquireLock(file, `run ${i}`)));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [{ i, lock: r.value }] : []));
    expect(won).toHaveLength(1);
    const winner = `run ${won[0].i}`;
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(LockedError);
        // everyone else was refused in the winner's name: its record was there before they looked
        expect(String((r.reason as Error).message)).toContain(`(\`${winner}\``);
      }
    }
    expect(JSON.parse(await readFile(lockPaths(file).owner, 'utf8'))).toMatchObject({ command: winner });
    await (won[0].lock as HeldLock).release();
  });

  it('does not take over while another acquirer is between taking the lock and writing its record', async () => {
    const file = await stateFile();
    const { lock, owner, guard } = lockPaths(file);
    // Another acquirer, A, is in the middle of acquiring: it holds the guard and has just created the
    // lock directory; the owner record beside it is still the one a previous, killed run left.
    const releaseGuard = await lockfile.lock(guard, { realpath: false, lockfilePath: guard, onCompromised: () => undefined });
    await mkdir(lock);
    await writeFile(owner, JSON.stringify(record(deadPid(), 'secure-aml apply')) + '\n');

    const guardCalls = vi.spyOn(lockfile, 'lock');
    let settled = false;
    const b = acquireLock(file, 'secure-aml resume');
    b.then(() => (settled = true), () => (settled = true));
    // B either reaches the guard (and must wait there) or, without one, decides on the stale record.
    expect(await until(() => settled || guardCalls.mock.calls.some((c) => c[0] === guard))).toBe(true);
    expect(settled).toBe(false);

    // A finishes: its record, then the guard.
    await writeFile(owner, JSON.stringify(record(process.pid, 'secure-aml apply (A)')) + '\n');
    await releaseGuard();
    await expect(b).rejects.toThrow(new RegExp(`locked by pid ${process.pid} on .*\\(\`secure-aml apply \\(A\\)\``));
    expect(existsSync(lock)).toBe(true);
  });

  it('release leaves a record that is no longer its own alone', async () => {
    const file = await stateFile();
    const held = await acquireLock(file, 'secure-aml apply');
    const other = { ...record(process.pid, 'someone else'), token: 'not-ours' };
    await writeFile(lockPaths(file).owner, JSON.stringify(other));
    await held.release();
    expect(JSON.parse(await readFile(lockPaths(file).owner, 'utf8'))).toMatchObject({ command: 'someone else' });
  });
});
