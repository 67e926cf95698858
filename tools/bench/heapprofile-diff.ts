/**
 * What the traced arm allocates that the untraced one does not: the sampling heap profiles of the
 * A/B blocks (bench:mesh with BENCH_HEAP_PROFILE), bytes per event by allocating function.
 *
 *   node -r @swc-node/register tools/bench/heapprofile-diff.ts <untraced,…> <traced,…> <events per block>
 *
 * Each argument lists the blocks' files separated by commas; they are averaged. With
 * BENCH_HEAP_SURVIVORS=1 the profiles leave out what scavenges collected: the bytes that outlived
 * the young generation (promoted), which the old generation's marking then pays for.
 */
import { readFileSync } from 'node:fs';

interface HeapNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children: HeapNode[];
}
interface HeapProfile {
  head: HeapNode;
  samples: { nodeId: number; size: number }[];
}

/** Bytes allocated per function (its own allocations, not its callees'), averaged over the files. */
function bytesByFunction(files: string[]): { byFunction: Map<string, number>; total: number } {
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as HeapProfile;
    const sizes = new Map<number, number>();
    for (const s of profile.samples) sizes.set(s.nodeId, (sizes.get(s.nodeId) ?? 0) + s.size);
    const walk = (node: HeapNode) => {
      const bytes = sizes.get(node.id) ?? 0;
      if (bytes > 0) {
        const { functionName, url, lineNumber } = node.callFrame;
        const key = `${functionName || '(anonymous)'} ${url.replace(/.*node_modules\//, '').replace(/.*\/(libs|apps|tools)\//, '$1/')}:${lineNumber + 1}`;
        byFunction.set(key, (byFunction.get(key) ?? 0) + bytes / files.length);
        total += bytes / files.length;
      }
      node.children.forEach(walk);
    };
    walk(profile.head);
  }
  return { byFunction, total };
}

function main(): void {
  const [untracedArg, tracedArg, eventsArg] = process.argv.slice(2);
  const events = Number(eventsArg);
  if (!untracedArg || !tracedArg || !(events > 0)) {
    console.error('usage: heapprofile-diff.ts <untraced,…> <traced,…> <events per block>');
    process.exit(2);
  }
  const untraced = bytesByFunction(untracedArg.split(','));
  const traced = bytesByFunction(tracedArg.split(','));
  console.log(`bytes per event: untraced ${Math.round(untraced.total / events)}, traced ${Math.round(traced.total / events)}`);
  console.log('untraced  traced   growth  function');
  const rows = [...new Set([...untraced.byFunction.keys(), ...traced.byFunction.keys()])]
    .map((key) => ({ key, off: (untraced.byFunction.get(key) ?? 0) / events, on: (traced.byFunction.get(key) ?? 0) / events }))
    .sort((a, b) => b.on - b.off - (a.on - a.off));
  for (const r of rows.slice(0, 40)) {
    console.log(`${r.off.toFixed(0).padStart(8)} ${r.on.toFixed(0).padStart(7)} ${(r.on - r.off).toFixed(0).padStart(8)}  ${r.key}`);
  }
}

main();
