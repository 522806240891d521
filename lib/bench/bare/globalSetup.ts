// The end of global setup, for the bare run's test: workers inherit the runner's environment.
export default function globalSetup(): void {
  process.env.BENCH_BARE_SETUP_DONE_AT = String(Date.now());
}
