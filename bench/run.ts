import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { fillTokens, prepareDatabase, seed, type Credentials } from './database';
import { freePort, sampleRss, startServer, type BenchServer } from './server';
import { printReport, type Measured } from './report';

/**
 * `npm run bench`: how much authentication costs next to the request it guards.
 *
 * Starts the server as a child process (NODE_ENV=production, LOG_LEVEL=warn, WEB_CONCURRENCY=1
 * unless set) on a fresh database, seeds it with SQL, and drives each scenario with autocannon,
 * 16 connections, a warm-up and then a measured run. See bench/README.md.
 */

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const FILL = Number(process.env.BENCH_FILL ?? 1_000_000);
/** Each scenario's SECONDS are split into this many interleaved rounds. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const COOKIE_NAME = 'sessionid';
/** Extra node flags for the server, such as `--cpu-prof --cpu-prof-dir=/tmp/prof`. */
const SERVER_ARGS = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
/** Which scenarios to run, by number; all by default. */
const ONLY = (process.env.BENCH_SCENARIOS ?? "1,2,3,4,1',5,6").split(',');

interface Scenario {
  id: string;
  title: string;
  request: autocannon.Request & { path: string };
  /** Checks one response before the run, so that a broken scenario is not measured. */
  expect: (status: number, body: string) => string | undefined;
}

const json = { 'content-type': 'application/json' };
const graphql = (query: string, headers: Record<string, string> = {}) => ({
  method: 'POST' as const,
  path: '/graphql',
  headers: { ...json, ...headers },
  body: JSON.stringify({ query }),
});

const secretAnswer = (status: number, body: string) =>
  status === 200 && body.includes('"secret":"Secret contents!"') ? undefined : 'no secret';

type ScenarioName =
  'public' | 'bearer' | 'session' | 'unknown' | 'publicAgain' | 'filled' | 'token';

function scenarios(credentials: Credentials): Record<ScenarioName, Scenario> {
  return {
    public: {
      id: '1',
      title: '{ me } without credentials',
      request: graphql('{ me { id } }'),
      expect: (status, body) =>
        status === 200 && body.includes('"me":null') ? undefined : 'not anonymous',
    },
    bearer: {
      id: '2',
      title: '{ secret } with a Bearer token',
      request: graphql('{ secret }', { authorization: credentials.bearer }),
      expect: secretAnswer,
    },
    session: {
      id: '3',
      title: '{ secret } with a session cookie',
      request: graphql('{ secret }', { cookie: credentials.cookie }),
      expect: secretAnswer,
    },
    unknown: {
      id: '4',
      title: '{ secret } with an unknown token',
      request: graphql('{ secret }', {
        authorization: `Bearer ${randomBytes(32).toString('base64url')}`,
      }),
      expect: (status, body) =>
        status === 200 && body.includes('"UNAUTHENTICATED"') ? undefined : 'not refused',
    },
    publicAgain: {
      id: "1'",
      title: '(1) again, beside (5)',
      request: graphql('{ me { id } }'),
      expect: (status, body) =>
        status === 200 && body.includes('"me":null') ? undefined : 'not anonymous',
    },
    filled: {
      id: '5',
      title: `(2) with ${FILL.toLocaleString('en')} more tokens stored`,
      request: graphql('{ secret }', { authorization: credentials.bearer }),
      expect: secretAnswer,
    },
    token: {
      id: '6',
      title: 'POST /o/token, client_credentials',
      request: {
        method: 'POST',
        path: '/o/token',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: credentials.basic,
        },
        body: 'grant_type=client_credentials&scope=read',
      },
      expect: (status, body) =>
        status === 200 && body.includes('"access_token"') ? undefined : `HTTP ${status}`,
    },
  };
}

async function check(server: BenchServer, scenario: Scenario): Promise<string | undefined> {
  const { method, path, headers, body } = scenario.request;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: headers as Record<string, string>,
    body: body as string,
  });
  return scenario.expect(response.status, await response.text());
}

function load(server: BenchServer, scenario: Scenario, seconds: number) {
  return autocannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [scenario.request],
  });
}

/**
 * Measures a group of scenarios: each is checked and warmed up, then run in ROUNDS interleaved
 * rounds of SECONDS / ROUNDS each, in a rotating order, so that a change in the machine's other
 * load during the run (the bench shares the machine with the database and whatever else runs)
 * weighs on all of them alike rather than on whichever ran at that moment.
 */
async function measureGroup(server: BenchServer, group: Scenario[]): Promise<Measured[]> {
  const results = new Map<Scenario, Measured>();
  const live: Scenario[] = [];
  for (const scenario of group) {
    const problem = ONLY.includes(scenario.id) ? await check(server, scenario) : 'not selected';
    if (problem) results.set(scenario, { scenario, skipped: problem });
    else live.push(scenario);
  }

  for (const scenario of live) await load(server, scenario, WARMUP_SECONDS);

  // A scenario alone has nothing to interleave with; one run also loses fewer requests cut off
  // in flight at the end, which matters for slow ones such as /o/token.
  const rounds = live.length > 1 ? ROUNDS : 1;
  const runs = new Map<Scenario, { result: autocannon.Result; peakRss: number }[]>();
  for (let round = 0; round < rounds; round += 1) {
    // Each round starts with a different scenario, so none always follows the same one.
    const order = [...live.slice(round % live.length), ...live.slice(0, round % live.length)];
    for (const scenario of order) {
      const memory = sampleRss(server.pid);
      const result = await load(server, scenario, SECONDS / rounds);
      runs.set(scenario, [...(runs.get(scenario) ?? []), { result, peakRss: memory.stop() }]);
    }
  }

  for (const [scenario, done] of runs) {
    const requests = done.reduce((sum, run) => sum + run.result.requests.total, 0);
    const seconds = done.reduce((sum, run) => sum + run.result.duration, 0);
    const p50s = done.map((run) => run.result.latency.p50).sort((x, y) => x - y);
    results.set(scenario, {
      scenario,
      requestsPerSecond: requests / seconds,
      p50: p50s[Math.floor(p50s.length / 2)],
      p99: Math.max(...done.map((run) => run.result.latency.p99)),
      peakRss: Math.max(...done.map((run) => run.peakRss)),
      failures: done.reduce(
        (sum, { result }) => sum + result.errors + result.timeouts + result.non2xx,
        0,
      ),
    });
  }
  return group.map((scenario) => results.get(scenario)!);
}

/** Several runs of one scenario as one line: mean rate, median p50, worst p99 and RSS. */
function combine(runs: Measured[]): Measured {
  const done = runs.filter((run) => run.requestsPerSecond !== undefined);
  if (done.length === 0) return runs[0]!;
  const p50s = done.map((run) => run.p50!).sort((x, y) => x - y);
  return {
    scenario: done[0]!.scenario,
    requestsPerSecond: done.reduce((sum, run) => sum + run.requestsPerSecond!, 0) / done.length,
    p50: p50s[Math.floor(p50s.length / 2)],
    p99: Math.max(...done.map((run) => run.p99!)),
    peakRss: Math.max(...done.map((run) => run.peakRss!)),
    failures: done.reduce((sum, run) => sum + (run.failures ?? 0), 0),
  };
}

async function main(): Promise<void> {
  const database = await prepareDatabase(process.env.DATABASE_URL);
  const secretKey = randomBytes(32).toString('base64url');
  const workers = process.env.WEB_CONCURRENCY ?? '1';
  let server: BenchServer | undefined;

  try {
    server = await startServer(
      {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        SECRET_KEY: secretKey,
        LOG_LEVEL: 'warn',
        WEB_CONCURRENCY: workers,
        ...database.env,
      },
      await freePort(),
      SERVER_ARGS,
    );
    const client = new Client(database.client());
    await client.connect();
    const all = scenarios(await seed(client, secretKey, COOKIE_NAME));

    console.log(
      `server ${server.url}, ${workers} worker(s), ${database.label}; ` +
        `${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s each ` +
        `in ${ROUNDS} round(s); ` +
        `load average ${loadavg()
          .map((value) => value.toFixed(2))
          .join(' ')}`,
    );
    // Each of (2) to (4) takes turns with the baseline, and its ratio is taken against the
    // baseline measured beside it; (1) reports those three baseline runs together.
    // A fresh process: let every path reach its optimised code before anything is measured.
    for (const scenario of [all.public, all.bearer, all.session, all.unknown]) {
      if (!(await check(server, scenario))) await load(server, scenario, 2 * WARMUP_SECONDS);
    }

    const results: Measured[] = [];
    const baselines: Measured[] = [];
    for (const scenario of [all.bearer, all.session, all.unknown]) {
      const [baseline, measured] = await measureGroup(server, [all.public, scenario]);
      baselines.push(baseline!);
      results.push({ ...measured!, baseline: baseline!.requestsPerSecond });
      console.log(`measured (${scenario.id}) beside (1)`);
    }
    results.unshift(combine(baselines));

    if (ONLY.includes('5')) {
      const started = Date.now();
      await fillTokens(client, FILL);
      console.log(
        `filled ${FILL.toLocaleString('en')} tokens in ${(Date.now() - started) / 1000} s`,
      );
    }
    await client.end();
    // The baseline again, beside (5): the machine's load may have changed since (2).
    const [again, filled] = await measureGroup(server, [all.publicAgain, all.filled]);
    results.push(again!, { ...filled!, baseline: again!.requestsPerSecond });
    console.log('measured (5)');
    results.push(...(await measureGroup(server, [all.token])));

    printReport(results, loadavg());
  } finally {
    await server?.stop();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
