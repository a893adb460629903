// Progress lines off a terminal: one timestamped line per event; a status repeated by the same running
// step (a set step's members each report "provisioning…") is written once.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lineProgress } from '../../src/engine/lines.js';

function sink(): { stream: Writable; lines: () => string[] } {
  let text = '';
  const stream = new Writable({ write(chunk, _enc, done) { text += String(chunk); done(); } });
  return { stream, lines: () => text.split('\n').filter(Boolean) };
}

describe('lineProgress', () => {
  it('writes a repeated status once per run of repeats, and every change', async () => {
    const out = sink();
    const p = lineProgress([{ id: 'set', title: 'Policy assignments' }], out.stream, { now: () => new Date('2026-12-07T10:00:00Z') });
    p.started('set');
    for (let i = 0; i < 5; i++) p.message('set', 'provisioning…');
    p.message('set', 'retrying');
    p.message('set', 'provisioning…');
    p.finished('set', 'created', '1.0s');
    await p.close();
    expect(out.lines()).toEqual([
      '[10:00:00] Policy assignments: started',
      '[10:00:00] Policy assignments: provisioning…',
      '[10:00:00] Policy assignments: retrying',
      '[10:00:00] Policy assignments: provisioning…',
      '[10:00:00] Policy assignments: created (1.0s)',
    ]);
  });
});
