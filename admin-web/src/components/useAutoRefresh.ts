import { useEffect, useRef } from "react";

/**
 * Calls `refresh` every `intervalMs` while the browser tab is visible, and once when the tab comes
 * back into view after being hidden (counts may have moved meanwhile). Nothing runs while hidden.
 */
export function useAutoRefresh(refresh: () => void, intervalMs: number, enabled = true): void {
  const latest = useRef(refresh);
  latest.current = refresh;

  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (document.visibilityState !== "hidden") latest.current();
    }, intervalMs);
    const onVisibility = () => {
      if (document.visibilityState === "visible") latest.current();
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [intervalMs, enabled]);
}
