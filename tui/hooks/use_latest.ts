/**
 * A ref that always holds the latest value, for callbacks that must read current state without
 * being recreated on every render.
 *
 * @module
 */
import { type RefObject, useRef } from "react";

/**
 * Returns a ref updated to `value` on every render.
 *
 * @param value the value to track
 * @returns a stable ref whose `current` is the latest value
 */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
