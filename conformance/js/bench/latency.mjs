// Latency of the official `novita-sandbox` JS SDK against the emulator, for the benchmark run
// (bench's HttpSection starts the emulator, runs this script and reads the one JSON line it prints).
// It lives under conformance/js so that it resolves the SDK version that package.json pins.
//
//   node bench/latency.mjs info --sandbox ID --clients N --rounds R --round-ms MS --warmup-ms MS
//     N concurrent async loops in this one process, each awaiting Sandbox.getInfo(ID) again and
//     again (GET /sandboxes/{id}); after the warm-up, R rounds of MS each. Prints
//     {"rounds":[{"p50":ms,"p99":ms,"requests":n,"seconds":s},...]}
//   node bench/latency.mjs first-byte --sandbox ID --samples N --warmup N --cmd "echo hi"
//     From calling sbx.commands.run(cmd, { onStdout }) until onStdout first fires. Prints
//     {"samples":[ms,...]}
//
// Environment (as the conformance suites and SandboxRuntimeInfo.novitaEnvironment() name it):
// NOVITA_API_URL, NOVITA_SANDBOX_URL, NOVITA_API_KEY.

import { performance } from 'node:perf_hooks'
import { Sandbox } from 'novita-sandbox'

const API_URL = process.env.NOVITA_API_URL?.trim()
if (!API_URL || !/^https?:\/\//i.test(API_URL)) {
  // without a scheme the SDK forces https://
  throw new Error(`NOVITA_API_URL must be set with its scheme (got "${API_URL ?? ''}")`)
}
const SANDBOX_URL = process.env.NOVITA_SANDBOX_URL?.trim() || undefined
const CONN = Object.freeze({
  apiUrl: API_URL,
  ...(SANDBOX_URL ? { sandboxUrl: SANDBOX_URL } : {}),
  apiKey: process.env.NOVITA_API_KEY || 'bench-key',
  requestTimeoutMs: 30_000,
})

function options(argv) {
  const parsed = {}
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
      throw new Error(`expected --name value pairs, got ${argv.slice(i).join(' ')}`)
    }
    parsed[argv[i].slice(2)] = argv[i + 1]
  }
  return parsed
}

function required(opts, name) {
  if (opts[name] === undefined) {
    throw new Error(`--${name} is required`)
  }
  return opts[name]
}

/** Nearest rank, as the Java side's Stats.percentile. */
function percentile(sorted, fraction) {
  const rank = Math.ceil(fraction * sorted.length)
  return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))]
}

/**
 * N closed loops until `until` (a performance.now() deadline); each request's latency goes to
 * `latencies` when it is given (null during the warm-up).
 */
async function loops(id, clients, until, latencies) {
  const loop = async () => {
    while (performance.now() < until) {
      const start = performance.now()
      await Sandbox.getInfo(id, CONN)
      const elapsed = performance.now() - start
      if (latencies) latencies.push(elapsed)
    }
  }
  await Promise.all(Array.from({ length: clients }, loop))
}

async function info(opts) {
  const id = required(opts, 'sandbox')
  const clients = Number(required(opts, 'clients'))
  const rounds = Number(required(opts, 'rounds'))
  const roundMs = Number(required(opts, 'round-ms'))
  const warmupMs = Number(opts['warmup-ms'] ?? 0)
  await loops(id, clients, performance.now() + warmupMs, null)
  const results = []
  for (let r = 0; r < rounds; r++) {
    const latencies = []
    const start = performance.now()
    await loops(id, clients, start + roundMs, latencies)
    // the round ends when the last request started before the deadline has answered
    const seconds = (performance.now() - start) / 1000
    latencies.sort((a, b) => a - b)
    results.push({ p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), requests: latencies.length, seconds })
  }
  return { rounds: results }
}

async function firstByte(opts) {
  const id = required(opts, 'sandbox')
  const samples = Number(required(opts, 'samples'))
  const warmup = Number(opts.warmup ?? 0)
  const cmd = opts.cmd ?? 'echo hi'
  const sbx = await Sandbox.connect(id, CONN)
  const once = async () => {
    let first
    const start = performance.now()
    await sbx.commands.run(cmd, {
      onStdout: () => {
        if (first === undefined) first = performance.now()
      },
    })
    if (first === undefined) {
      throw new Error(`${cmd} printed nothing on stdout`)
    }
    return first - start
  }
  for (let i = 0; i < warmup; i++) await once()
  const measured = []
  for (let i = 0; i < samples; i++) measured.push(await once())
  return { samples: measured }
}

const [mode, ...rest] = process.argv.slice(2)
const run = { info, 'first-byte': firstByte }[mode]
if (!run) {
  console.error('usage: latency.mjs info|first-byte --name value ...')
  process.exit(2)
}
try {
  console.log(JSON.stringify(await run(options(rest))))
} catch (e) {
  console.error(e?.stack ?? String(e))
  process.exit(1)
}
