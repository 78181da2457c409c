/**
 * `npm run bench` runs every benchmark; `npm run bench -- NAME` runs one. Each figure is printed
 * beside a baseline measured in the same run, and all are written to bench/results.json.
 * Benchmarks never decide whether the test suite passes.
 */
import { writeFileSync } from 'node:fs';
import { alertStorm } from './alert-storm.bench';
import { candidateLookup } from './candidate-lookup.bench';
import { city } from './city.bench';
import { dispatchQuality } from './dispatch-quality.bench';
import { field } from './field.bench';
import { feedback } from './feedback.bench';
import { intake110 } from './intake-110.bench';
import { intakeToOffer } from './intake-to-offer.bench';
import { liveSupply } from './live-supply.bench';
import { pages } from './pages.bench';
import { positionIngest } from './position-ingest.bench';
import { review } from './review.bench';
import { timerLateness } from './timer-lateness.bench';
import type { Benchmark, BenchResult } from './support/result';

const BENCHMARKS: Benchmark[] = [intakeToOffer, candidateLookup, positionIngest, dispatchQuality, timerLateness, intake110, alertStorm, field, feedback, review, pages, liveSupply, city];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !BENCHMARKS.some((b) => b.name === w));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    process.exit(2);
  }
  const selected = wanted.length ? BENCHMARKS.filter((b) => wanted.includes(b.name)) : BENCHMARKS;
  const results: BenchResult[] = [];
  for (const bench of selected) {
    console.log(`\n▶ ${bench.name}: ${bench.description}`);
    const figures = await bench.run();
    results.push(...figures);
    for (const f of figures) console.log(`  ${f.name.padEnd(40)} ${String(f.value).padStart(10)} ${f.unit}   baseline ${String(f.baseline).padStart(8)} ${f.unit}   ratio ${f.ratio}×`);
  }
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
  console.log('\nwrote bench/results.json');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
