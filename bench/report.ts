/** The benchmark's table: one line per scenario, then the ratios the issue sets targets for. */

export interface Measured {
  scenario: { id: string; title: string };
  /** Why the scenario was not measured (its check request failed). */
  skipped?: string;
  requestsPerSecond?: number;
  /** Milliseconds. */
  p50?: number;
  p99?: number;
  /** Bytes, summed over the server's processes. */
  peakRss?: number;
  /** Connection errors, timeouts and non-2xx answers during the run. */
  failures?: number;
  /** Requests per second of the baseline (1) measured in turns with this scenario. */
  baseline?: number;
}

const RATIOS = [
  { name: '(2)/(1) Bearer token vs no credentials', over: '2', under: '1', target: 0.9 },
  { name: '(3)/(1) session cookie vs no credentials', over: '3', under: '1', target: 0.85 },
  { name: '(4)/(1) unknown token vs no credentials', over: '4', under: '1', target: 0.8 },
  { name: '(5)/(2) table filled vs not, per baseline', over: '5', under: '2', target: 0.95 },
];

const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

export function printReport(results: Measured[], load: number[]): void {
  const byId = new Map(results.map((result) => [result.scenario.id, result]));
  const lines = results.map((result) => {
    const label = `(${result.scenario.id}) ${result.scenario.title}`.padEnd(46);
    if (result.skipped) return `${label} not measured: ${result.skipped}`;
    return (
      `${label} ${result.requestsPerSecond!.toFixed(0).padStart(7)} req/s` +
      `  p50 ${String(result.p50).padStart(4)} ms  p99 ${String(result.p99).padStart(4)} ms` +
      `  peak RSS ${megabytes(result.peakRss!).padStart(7)}` +
      (result.baseline ? `  (1) beside it: ${result.baseline.toFixed(0)} req/s` : '') +
      (result.failures ? `  (${result.failures} failed)` : '')
    );
  });

  // A ratio to (1) is taken against the baseline run in turns with the scenario; (5) cannot take
  // turns with (2), the table being filled between them, so each is taken against its own
  // baseline, which cancels a change of the machine's load between the two phases.
  const rate = (id: string) => byId.get(id)?.requestsPerSecond;
  const relative = (id: string) => {
    const measured = byId.get(id);
    const baseline = measured?.baseline ?? rate('1');
    return measured?.requestsPerSecond && baseline ? measured.requestsPerSecond / baseline : 0;
  };
  const ratios = RATIOS.map((ratio) => {
    const value =
      ratio.under === '1' ? relative(ratio.over) : relative(ratio.over) / relative(ratio.under);
    if (!Number.isFinite(value) || value === 0) return `${ratio.name.padEnd(46)} n/a`;
    const verdict = value >= ratio.target ? 'PASS' : 'FAIL';
    return `${ratio.name.padEnd(46)} ${value.toFixed(3)}  target >= ${ratio.target}  ${verdict}`;
  });
  const [r2, r5] = [rate('2'), rate('5')];
  if (r2 && r5)
    ratios.push(`${'(5)/(2) as measured, not corrected'.padEnd(46)} ${(r5 / r2).toFixed(3)}`);

  console.log(
    [
      '',
      ...lines,
      '',
      ...ratios,
      '',
      `load average at the end: ${load.map((v) => v.toFixed(2)).join(' ')}`,
    ].join('\n'),
  );
}
