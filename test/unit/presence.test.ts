// What I publish about myself stays within the server's awareness limits (server/config.ts:
// 200 messages a second, 16 KiB a state) however fast the pointer, pen and laser move: fields
// leave at their own rates, due fields leave together, and the last value always goes out.
import { describe, expect, it, vi } from 'vitest';
import type { Awareness } from 'y-protocols/awareness';
import { createPresence } from '../../client/src/sync/presence.js';

function fakeAwareness() {
  let state: Record<string, unknown> | null = {};
  const sent: string[] = [];
  const awareness = {
    clientID: 7,
    getLocalState: () => state,
    setLocalState(next: Record<string, unknown> | null) {
      state = next;
      sent.push(JSON.stringify(next));
    },
    setLocalStateField(field: string, value: unknown) {
      state = { ...state, [field]: value };
      sent.push(JSON.stringify(state));
    },
  };
  return { awareness: awareness as unknown as Awareness, sent, state: () => state };
}

describe('presence', () => {
  it('a pointer, a laser, an ink preview and a moving view at 200 Hz send at most ~70 messages a second, each under 16 KiB', async () => {
    const { awareness, sent, state } = fakeAwareness();
    const presence = createPresence(awareness);
    presence.setUser({ name: 'Ms. Rivera', color: '#d7263d', role: 'editor', team: 'facilitator' });
    sent.length = 0;
    const stroke: number[] = [];
    const trail: { x: number; y: number }[] = [];
    // Exactly 200 moves, 5 ms apart, on a fake clock: the rate is the one named, whatever the
    // machine's load (on real timers a busy machine managed far fewer moves than 200 a second).
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    let i = 0;
    try {
      for (i = 1; i <= 200; i++) {
        const point = { x: 1000 + i * 3.33, y: 500 + Math.sin(i) * 80 };
        presence.moveCursor(point);
        trail.push(point);
        presence.laser(trail.slice(-60));
        stroke.push(point.x, point.y);
        presence.inking({ tool: 'pen', color: '#d7263d', width: 4, points: stroke });
        presence.viewport({ x: i, y: 0, w: 1280, h: 720 });
        await vi.advanceTimersByTimeAsync(5);
      }
      i--;
      await vi.advanceTimersByTimeAsync(200);
    } finally {
      presence.dispose();
      vi.useRealTimers();
    }
    // At most ~70 a second, and at least the pointer's own cadence (one every 50 ms).
    expect(sent.length).toBeLessThanOrEqual(75);
    expect(sent.length).toBeGreaterThanOrEqual(20);
    expect(Math.max(...sent.map((message) => message.length))).toBeLessThan(16 * 1024);
    // The last values went out: where the pointer ended, the view, the newest laser point.
    const last = state() as { cursor: { x: number }; viewport: { x: number }; laser: { points: number[] }; inking: { points: number[] } };
    expect(last.cursor.x).toBeCloseTo(1000 + i * 3.33, 0);
    expect(last.viewport.x).toBe(i);
    expect(last.laser.points.at(-2)).toBe(Math.round(1000 + i * 3.33));
    expect(last.inking.points.length).toBeLessThanOrEqual(2 * 600);
  });

  it('letting go, putting the laser away and ending a stroke go out at once', () => {
    const { awareness, state } = fakeAwareness();
    const presence = createPresence(awareness);
    presence.setUser({ name: 'Mr. Chen', color: '#1b998b', role: 'editor' });
    presence.laser([{ x: 1, y: 2 }]);
    presence.inking({ tool: 'pen', color: '#1b998b', width: 4, points: [1, 2, 3, 4] });
    presence.inking(null);
    presence.laser(null);
    presence.drag(null);
    const now = state() as Record<string, unknown>;
    expect(now.inking).toBeNull();
    expect(now.laser).toBeNull();
    expect(now.drag).toBeNull();
    presence.dispose();
  });
});
