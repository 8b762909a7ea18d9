/**
 * The environment local mode's process starts with (the app's `local` task sets it). Read by the
 * C library when a process starts, so it cannot be set from inside local mode.
 *
 * `MALLOC_ARENA_MAX=2`: glibc gives each thread that allocates an arena of its own, up to 8 per
 * core, and every function's workers are threads; with two arenas the process's memory stops
 * growing with the workers' allocations (bench/local-mode-soak.ts, docs/benchmarks.md). Other
 * C libraries ignore it.
 */
export const LOCAL_MODE_PROCESS_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
};
