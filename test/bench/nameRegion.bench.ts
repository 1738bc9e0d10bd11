// What finding names costs at upload (server/assets/ingest/nameRegion.ts): the time to find the
// name region of each stored 1000 px page of a generated class set, the time ingest takes to find
// both the name and the work region from one decode (ingest/workRegion.ts; the difference is what
// cropping card faces adds), and the time to mask one page for `?names=hidden`
// (server/assets/nameMask.ts). Prints figures; asserts nothing.
// Run: npx tsx test/bench/nameRegion.bench.ts [--students=N]
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { detectNameRegion } from '../../server/assets/ingest/nameRegion.js';
import { detectPageRegions } from '../../server/assets/ingest/workRegion.js';
import { maskNameBand } from '../../server/assets/nameMask.js';
import { generateDemoClassSet } from '../../server/demo/classSet.js';

const students = Number(process.argv.find((arg) => arg.startsWith('--students='))?.slice('--students='.length) ?? 28);

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

async function main(): Promise<void> {
  const { works } = await generateDemoClassSet({ students });
  // The stored medium size (longest side 1000 px), as ingest reads it.
  const pages = await Promise.all(
    works.map((work) => sharp(work.page).resize({ width: 1000, height: 1000, fit: 'inside' }).jpeg({ quality: 82 }).toBuffer()),
  );
  const found: number[] = [];
  const both: number[] = [];
  const masked: number[] = [];
  for (const page of pages) {
    let started = performance.now();
    const region = await detectNameRegion(page);
    found.push(performance.now() - started);
    started = performance.now();
    await detectPageRegions(page);
    both.push(performance.now() - started);
    started = performance.now();
    await maskNameBand(page, region);
    masked.push(performance.now() - started);
  }
  const total = found.reduce((sum, ms) => sum + ms, 0);
  console.log(`pages: ${pages.length}`);
  console.log(
    `find the name region: p50 ${percentile(found, 0.5).toFixed(1)} ms, p95 ${percentile(found, 0.95).toFixed(1)} ms, all ${total.toFixed(0)} ms`,
  );
  const added = both.map((ms, i) => ms - (found[i] ?? 0));
  console.log(
    `find name and work regions (one decode, as ingest does): p50 ${percentile(both, 0.5).toFixed(1)} ms, p95 ${percentile(both, 0.95).toFixed(1)} ms; the work region adds p50 ${percentile(added, 0.5).toFixed(1)} ms a page`,
  );
  console.log(`mask a page (medium): p50 ${percentile(masked, 0.5).toFixed(1)} ms, p95 ${percentile(masked, 0.95).toFixed(1)} ms`);
}

await main();
