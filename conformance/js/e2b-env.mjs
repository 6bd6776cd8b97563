// Shared set-up of the E2B-dialect suites (e2b-*.test.mjs): the official `e2b@2.51.0` SDK and the
// `@e2b/cli@2.19.0` CLI read their settings from the environment, exactly as a user's code would:
//
//   E2B_API_URL      (required) control-plane base URL with its scheme, e.g. http://127.0.0.1:8080
//                    (the SDK uses it verbatim: without http:// every request fails)
//   E2B_SANDBOX_URL  (required) envd base URL, the same URL on the emulator
//   E2B_API_KEY      (required) any key of the shape ^e2b_[0-9a-f]+$, e.g. e2b_00000000000000000000000000000000
//   E2B_DOMAIN, E2B_DEBUG must be unset: a domain changes how the SDK builds envd URLs, and debug
//   mode makes create/connect skip the control plane altogether.
//   EMULATOR_BACKEND (optional) simulated (default), docker or podman.

import { after } from 'node:test'

import { Sandbox } from 'e2b'

function required(name) {
  const value = process.env[name]?.trim()
  if (!value) {
    throw new Error(
      `${name} is not set. Start the emulator (java -jar cli/target/sandbox-emulator.jar --port <p>) and export ` +
        'E2B_API_URL and E2B_SANDBOX_URL (the NOVITA_*_URL values it prints) and E2B_API_KEY=e2b_0000... before `npm run test:e2b`.'
    )
  }
  return value
}

export const API_URL = required('E2B_API_URL')
export const SANDBOX_URL = required('E2B_SANDBOX_URL')
export const API_KEY = required('E2B_API_KEY')
for (const [name, url] of [['E2B_API_URL', API_URL], ['E2B_SANDBOX_URL', SANDBOX_URL]]) {
  if (!/^https?:\/\//i.test(url)) {
    throw new Error(`${name} must include the scheme (got "${url}"): the e2b SDK adds none`)
  }
}
if (!/^e2b_[0-9a-f]+$/.test(API_KEY)) {
  throw new Error(`E2B_API_KEY must match ^e2b_[0-9a-f]+$ as E2B's SDKs expect (got "${API_KEY}")`)
}
for (const name of ['E2B_DOMAIN', 'E2B_DEBUG']) {
  if (process.env[name] !== undefined) {
    throw new Error(`${name} is set; unset it: it switches the e2b SDK away from E2B_API_URL/E2B_SANDBOX_URL`)
  }
}

export const BACKEND = (process.env.EMULATOR_BACKEND || 'simulated').trim()
if (!['simulated', 'docker', 'podman'].includes(BACKEND)) {
  throw new Error(`EMULATOR_BACKEND must be simulated, docker or podman, got "${BACKEND}"`)
}

/** Options of every SDK call: the environment supplies the URLs and the key. */
export const OPTS = Object.freeze({ requestTimeoutMs: 30_000 })

export const SANDBOX_ID = /^i[a-z0-9]{20}$/
export const NO_SUCH_ID = 'i' + 'zzzzzzzzzz0000000000'
export const TIME_TOLERANCE_MS = 5_000

/** Unique per process so that leftovers or parallel runs never disturb list assertions. */
export const RUN_TAG = `e2b-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

export function meta(caseName, extra = {}) {
  return { suite: 'e2b-conformance-js', run: RUN_TAG, case: caseName, ...extra }
}

/** Every sandbox id this process made; killed by the final hook. */
export const created = new Set()

export function track(sbxOrId) {
  created.add(typeof sbxOrId === 'string' ? sbxOrId : sbxOrId.sandboxId)
  return sbxOrId
}

export async function create(caseName, opts = {}) {
  const { metadata, ...rest } = opts
  const sbx = await Sandbox.create({ ...OPTS, timeoutMs: 300_000, ...rest, metadata: metadata ?? meta(caseName) })
  return track(sbx)
}

after(async () => {
  await Promise.all([...created].map((id) => Sandbox.kill(id, OPTS).catch(() => false)))
})

/** Resolves when `predicate` holds, polling; rejects after `ms`. */
export async function eventually(predicate, ms = 5_000, what = 'condition') {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await predicate()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

export function assertNear(assert, actualMs, expectedMs, what, tolerance = TIME_TOLERANCE_MS) {
  assert.ok(Number.isFinite(actualMs), `${what}: expected a valid time, got ${actualMs}`)
  assert.ok(
    Math.abs(actualMs - expectedMs) <= tolerance,
    `${what}: expected ≈${new Date(expectedMs).toISOString()} (±${tolerance} ms), got ${new Date(actualMs).toISOString()} (diff ${actualMs - expectedMs} ms)`
  )
}

/** Drains a paginator of Sandbox.list into one array. */
export async function listAll(opts) {
  const paginator = Sandbox.list({ ...OPTS, ...opts })
  const all = []
  let pages = 0
  while (paginator.hasNext) {
    all.push(...(await paginator.nextItems()))
    if (++pages > 1000) throw new Error('paginator never terminated')
  }
  return all
}
