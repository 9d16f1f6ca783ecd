import type { Clock } from "../domain/types.js";
import type { KeyedLock } from "../use-cases/keyed-lock.js";

/** What the handlers share for the app's lifetime (created once in `createApp`). */
export interface AppDeps {
  lock: KeyedLock;
  clock: Clock;
}
