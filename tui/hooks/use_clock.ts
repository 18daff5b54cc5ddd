/**
 * The current time, ticking while something on screen counts down.
 *
 * @module
 */
import { useEffect, useState } from "react";

/**
 * Returns `Date.now()`, re-rendering every `intervalMs` while `active`.
 *
 * @param active whether to tick (e.g. while reconnecting)
 * @param intervalMs tick period; default 1 s, the countdown's resolution
 * @returns epoch ms as of the last tick
 */
export function useClock(active: boolean, intervalMs = 1_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [active, intervalMs]);
  return now;
}
