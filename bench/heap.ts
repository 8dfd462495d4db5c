// Retained heap: used heap after full collections, so only what is still referenced counts.
type Gc = () => void;

export function gcAvailable(): boolean {
  return typeof (globalThis as { gc?: Gc }).gc === 'function';
}

export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: Gc }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  // Twice: the first pass can leave objects that finalizers or weak callbacks free only on the next.
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Keeps a value reachable until this point, whatever the optimiser thinks. */
export function keepAlive(value: unknown): void {
  sink.push(value);
  sink.pop();
}
const sink: unknown[] = [];
