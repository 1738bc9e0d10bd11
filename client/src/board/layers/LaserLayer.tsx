// Laser pointers: a glowing trail in each pointer's colour that fades out behind it and vanishes
// a moment after the pointer stops. Drawn on a plain canvas over the board, only while a trail is
// fading (no frames spent when nobody points).
import { useEffect, useRef } from 'react';
import { LASER_FADE_MS } from '#shared/presence.js';
import type { Viewport } from '../viewport.js';

export interface LaserTrail {
  key: string;
  color: string;
  /** Board coordinates, `x, y` pairs, newest last. */
  points: readonly number[];
}

interface Shown extends LaserTrail {
  updatedAt: number;
  signature: string;
}

export function LaserLayer({
  trails,
  viewport,
  width,
  height,
}: {
  trails: readonly LaserTrail[];
  viewport: Viewport;
  width: number;
  height: number;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const shown = useRef(new Map<string, Shown>());
  const signatures = useRef(new Map<string, string>());
  const viewRef = useRef(viewport);
  viewRef.current = viewport;
  const frame = useRef(0);

  const draw = useRef(() => {});
  draw.current = () => {
    frame.current = 0;
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const ratio = window.devicePixelRatio || 1;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, canvas.width, canvas.height);
    const now = performance.now();
    const view = viewRef.current;
    let alive = false;
    for (const [key, trail] of shown.current) {
      const age = now - trail.updatedAt;
      if (age > LASER_FADE_MS) {
        shown.current.delete(key);
        continue;
      }
      alive = true;
      const fade = 1 - age / LASER_FADE_MS;
      const count = trail.points.length / 2;
      context.lineCap = 'round';
      context.lineJoin = 'round';
      for (let i = 1; i < count; i++) {
        const x0 = (trail.points[(i - 1) * 2] as number) * view.scale + view.x;
        const y0 = (trail.points[(i - 1) * 2 + 1] as number) * view.scale + view.y;
        const x1 = (trail.points[i * 2] as number) * view.scale + view.x;
        const y1 = (trail.points[i * 2 + 1] as number) * view.scale + view.y;
        const along = i / count;
        context.globalAlpha = fade * along * 0.9;
        context.strokeStyle = trail.color;
        context.lineWidth = 3 + 7 * along;
        context.beginPath();
        context.moveTo(x0, y0);
        context.lineTo(x1, y1);
        context.stroke();
      }
      const x = (trail.points[(count - 1) * 2] as number) * view.scale + view.x;
      const y = (trail.points[(count - 1) * 2 + 1] as number) * view.scale + view.y;
      context.globalAlpha = fade;
      context.fillStyle = trail.color;
      context.shadowColor = trail.color;
      context.shadowBlur = 16;
      context.beginPath();
      context.arc(x, y, 8, 0, Math.PI * 2);
      context.fill();
      context.shadowBlur = 0;
      context.fillStyle = '#ffffff';
      context.beginPath();
      context.arc(x, y, 3, 0, Math.PI * 2);
      context.fill();
    }
    context.globalAlpha = 1;
    if (alive) frame.current = requestAnimationFrame(() => draw.current());
  };

  useEffect(() => {
    const now = performance.now();
    for (const trail of trails) {
      // Awareness re-sends a trail unchanged (with other fields, or every 15 s): only a moved trail is fresh.
      const signature = trail.points.join(',');
      if (signatures.current.get(trail.key) === signature) continue;
      signatures.current.set(trail.key, signature);
      shown.current.set(trail.key, { ...trail, updatedAt: now, signature });
    }
    if (!frame.current && shown.current.size > 0) frame.current = requestAnimationFrame(() => draw.current());
  }, [trails]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a pan or resize redraws the trails where the board now is.
  useEffect(() => {
    if (!frame.current && shown.current.size > 0) frame.current = requestAnimationFrame(() => draw.current());
  }, [viewport, width, height]);

  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const ratio = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  return (
    <canvas
      ref={canvasRef}
      className="laser-layer"
      width={Math.round(width * ratio)}
      height={Math.round(height * ratio)}
      style={{ width, height }}
    />
  );
}
