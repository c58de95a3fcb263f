import { useCallback, useLayoutEffect, useRef } from "react";

/**
 * A function whose identity never changes but that always runs the latest `fn` (the latest props
 * and state), so memoized children can hold on to it without going stale.
 */
export function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const latest = useRef(fn);
  useLayoutEffect(() => {
    latest.current = fn;
  });
  return useCallback((...args: A) => latest.current(...args), []);
}
