// Long synchronous work (a training loop) must let the event loop run now and then, or Ctrl-C
// handlers, abort timers and progress output wait until it ends: Node runs signal listeners only
// between event-loop turns.
export function yieldToEventLoop(): Promise<void> {
  return new Promise<void>((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** A yield that only happens once `everyMs` have passed since the last one (browsers clamp timeouts). */
export function eventLoopYielder(everyMs = 50): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last < everyMs) return;
    await yieldToEventLoop();
    last = performance.now();
  };
}
