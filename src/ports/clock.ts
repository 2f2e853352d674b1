// Time, passed in (STYLE.md "No ambient I/O in pure code"): use cases ask a Clock, tests fix it.
export interface Clock {
  now(): Date;
}

/** A clock stopped at one instant (tests, replays). */
export function fixedClock(at: Date | string): Clock {
  const t = new Date(at).getTime();
  return { now: () => new Date(t) };
}
