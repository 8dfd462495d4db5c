// The activation cost of the bundle VS Code loads (issue 20.11), as far as plain Node can measure it
// honestly: its size on disk and gzipped, and the time V8 takes to parse and compile its top level.
// Evaluating it is not measured: its first statements require `vscode`, which only the extension
// host provides, and a stand-in would time the stand-in.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as vm from 'node:vm';
import { gzipSync } from 'node:zlib';

export interface ActivationCostResult {
  file: string;
  minified: boolean;
  bytes: number;
  gzipBytes: number;
  /** `new vm.Script` of the whole bundle (V8 compiles functions lazily: the top level and what it must). */
  compileMsMedian: number;
  compileMsRuns: number[];
  /** Why evaluation (what activate() then costs) is not in these figures. */
  notMeasured: string;
}

const RUNS = 7;

export async function benchActivationCost(file = path.join(process.cwd(), 'dist', 'extension.js')): Promise<ActivationCostResult> {
  const source = await fs.readFile(file, 'utf8');
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    // A different source each run: V8 keeps compiled scripts by source, the second would be free.
    const text = `${source}\n//# run ${i} ${Date.now()}`;
    const t0 = performance.now();
    new vm.Script(text, { filename: file });
    runs.push(Math.round((performance.now() - t0) * 10) / 10);
  }
  const sorted = [...runs].sort((a, b) => a - b);
  const vscodeRequires = source.match(/require\("vscode"\)/g)?.length ?? 0;
  return {
    file: path.relative(process.cwd(), file),
    // The production build (`node esbuild.js --production`, what is packaged) has no source map; the dev build has.
    minified: !source.includes('//# sourceMappingURL='),
    bytes: Buffer.byteLength(source),
    gzipBytes: gzipSync(source).byteLength,
    compileMsMedian: sorted[Math.floor(sorted.length / 2)],
    compileMsRuns: runs,
    notMeasured: `evaluation and activate(): the bundle requires the vscode module as it loads (${vscodeRequires} require("vscode") calls), which only VS Code's extension host provides`,
  };
}

export function printActivationCost(result: ActivationCostResult): void {
  console.log(`\nActivation cost of ${result.file} (${result.minified ? 'minified' : 'dev build, not minified'}):`);
  console.log(`  ${(result.bytes / 1024).toFixed(1)} KB on disk, ${(result.gzipBytes / 1024).toFixed(1)} KB gzipped; parse and compile ${result.compileMsMedian} ms (median of ${result.compileMsRuns.length})`);
  console.log(`  not measured: ${result.notMeasured}`);
}
