/**
 * Logs a failure of one kind at most once per `everyMs`, with how many were left out meanwhile: while
 * Redis is away every presence change would otherwise print its own line.
 */
export function logOnce(kind: string, everyMs = 10_000): (e: unknown) => void {
  let lastAt = 0;
  let skipped = 0;
  return (e: unknown) => {
    const now = Date.now();
    if (now - lastAt < everyMs) {
      skipped += 1;
      return;
    }
    const more = skipped > 0 ? ` (and ${String(skipped)} more)` : "";
    lastAt = now;
    skipped = 0;
    console.error(`[cluster] ${kind} failed${more}:`, e instanceof Error ? e.message : String(e));
  };
}
