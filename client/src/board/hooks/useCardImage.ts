// The picture a card draws: its first page at the level the zoom asks for, from the board's image
// cache. While the sharper image loads, the best one already decoded is shown, so zooming in never
// blanks a card. Inactive cards (far off screen) hold nothing, so the cache may evict their images.
import { createContext, useContext, useEffect, useState } from 'react';
import type { CachedImage, Drawable, ImageCache, ImageLevel } from '../imageCache.js';

export const ImageCacheContext = createContext<ImageCache | null>(null);

export interface CardImage {
  status: 'none' | 'loading' | 'ready' | 'failed';
  image: Drawable | null;
  width: number;
  height: number;
  /** The level shown, which may be lighter or sharper than asked while the asked one loads. */
  level: ImageLevel | null;
}

const NONE: CardImage = { status: 'none', image: null, width: 0, height: 0, level: null };
const LOADING: CardImage = { status: 'loading', image: null, width: 0, height: 0, level: null };
const FAILED: CardImage = { status: 'failed', image: null, width: 0, height: 0, level: null };

const shown = (entry: CachedImage): CardImage => ({
  status: 'ready',
  image: entry.image,
  width: entry.width,
  height: entry.height,
  level: entry.level,
});

export function useCardImage(assetId: string | null, level: ImageLevel, active = true): CardImage {
  const cache = useContext(ImageCacheContext);
  const [state, setState] = useState<CardImage>(() => {
    const ready = cache && assetId && active ? cache.best(assetId, level) : null;
    return ready?.image ? shown(ready) : assetId ? LOADING : FAILED;
  });

  useEffect(() => {
    if (!cache || !assetId) {
      setState(assetId ? LOADING : FAILED);
      return;
    }
    if (!active) {
      setState((current) => (current.status === 'ready' ? NONE : current));
      return;
    }
    let live = true;
    let held: CachedImage | null = null;
    const show = (entry: CachedImage) => {
      if (!entry.image) return;
      cache.retain(entry);
      if (held) cache.release(held);
      held = entry;
      setState(shown(entry));
    };
    const fallback = cache.best(assetId, level);
    if (fallback) show(fallback);
    let waiting: CachedImage | null = null;
    if (fallback?.level !== level) {
      const wanted = cache.want(assetId, level);
      waiting = wanted;
      void wanted.done.then((entry) => {
        if (waiting !== entry) return;
        waiting = null;
        cache.unwant(entry);
        if (!live) return;
        if (entry.state === 'ready') show(entry);
        else if (!held) setState(FAILED);
      });
      if (!fallback) setState(LOADING);
    }
    return () => {
      live = false;
      if (waiting) cache.unwant(waiting);
      waiting = null;
      if (held) cache.release(held);
    };
  }, [cache, assetId, level, active]);

  return state;
}
