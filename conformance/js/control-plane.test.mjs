// Control-plane conformance tests: drive the official `novita-sandbox@2.1.1`
// npm SDK (public API only) against a Novita Sandbox emulator.
//
// Environment:
//   NOVITA_API_URL      (required) control-plane base URL, e.g. http://127.0.0.1:8080
//   NOVITA_SANDBOX_URL  (optional) envd base URL; not contacted by these tests
//   NOVITA_API_KEY      (optional) sent as X-API-KEY, default "conformance-key"
//   CONFORMANCE_VERBOSE (optional) "1" logs every SDK control-plane request/response status

import { test, after } from 'node:test'
import assert from 'node:assert/strict'

import {
  Sandbox,
  SandboxError,
  SandboxNotFoundError,
  RateLimitError,
} from 'novita-sandbox'

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

const API_URL = process.env.NOVITA_API_URL?.trim()
if (!API_URL) {
  throw new Error(
    'NOVITA_API_URL is not set. Start the emulator ' +
      '(java -jar cli/target/sandbox-emulator.jar --port <p>) and export the ' +
      'NOVITA_API_URL=... and NOVITA_SANDBOX_URL=... lines it prints before running `npm test`.'
  )
}
if (!/^https?:\/\//i.test(API_URL)) {
  throw new Error(
    `NOVITA_API_URL must include the scheme (got "${API_URL}"); without it the SDK forces https://`
  )
}
if ((process.env.NOVITA_DEBUG ?? '').toLowerCase() === 'true') {
  throw new Error('NOVITA_DEBUG=true makes the SDK skip the control plane; unset it')
}

const SANDBOX_URL = process.env.NOVITA_SANDBOX_URL?.trim() || undefined
const API_KEY = process.env.NOVITA_API_KEY || 'conformance-key'

/** Connection options passed to every SDK call. */
const CONN = Object.freeze({
  apiUrl: API_URL,
  ...(SANDBOX_URL ? { sandboxUrl: SANDBOX_URL } : {}),
  apiKey: API_KEY,
  requestTimeoutMs: 30_000,
  ...(process.env.CONFORMANCE_VERBOSE === '1' ? { logger: console } : {}),
})

/** Unique per run so that leftovers or parallel runs never disturb list assertions. */
const RUN_TAG = `conf-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

/** A metadata key/value with spaces, '&' and '=' to exercise the SDK's triple encoding. */
const ODD_KEY = 'odd key & more'
const ODD_VALUE = 'v a&l=ue 1'

const SANDBOX_ID = /^i[a-z0-9]{20}$/
const NO_SUCH_ID = 'i' + 'zzzzzzzzzz0000000000'
const TIME_TOLERANCE_MS = 5_000

function meta(caseName, extra = {}) {
  return { suite: 'novita-conformance-js', run: RUN_TAG, case: caseName, ...extra }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/** Every sandbox id this run has created (safety net for the final cleanup). */
const created = new Set()

function track(sbxOrId) {
  created.add(typeof sbxOrId === 'string' ? sbxOrId : sbxOrId.sandboxId)
  return sbxOrId
}

async function create(caseName, opts = {}) {
  const { metadata, ...rest } = opts
  const sbx = await Sandbox.create({
    ...CONN,
    timeoutMs: 300_000,
    ...rest,
    metadata: metadata ?? meta(caseName),
  })
  return track(sbx)
}

/** Kill every id, ignoring failures; used from finally blocks. */
async function killAll(...ids) {
  for (const id of ids.flat()) {
    if (!id) continue
    try {
      await Sandbox.kill(typeof id === 'string' ? id : id.sandboxId, CONN)
    } catch {
      // best effort
    }
    created.delete(typeof id === 'string' ? id : id.sandboxId)
  }
}

/** Drain a paginator, returning the pages (arrays of SandboxInfo). */
async function listPages(opts) {
  const paginator = Sandbox.list({ ...CONN, ...opts })
  const pages = []
  while (paginator.hasNext) {
    pages.push(await paginator.nextItems())
    if (pages.length > 1000) throw new Error('paginator never terminated')
  }
  assert.equal(paginator.hasNext, false)
  return pages
}

async function listAll(opts) {
  return (await listPages(opts)).flat()
}

function assertNear(actualMs, expectedMs, what, tolerance = TIME_TOLERANCE_MS) {
  assert.ok(
    Number.isFinite(actualMs),
    `${what}: expected a valid time, got ${actualMs}`
  )
  assert.ok(
    Math.abs(actualMs - expectedMs) <= tolerance,
    `${what}: expected ≈${expectedMs} (±${tolerance}), got ${actualMs} (diff ${actualMs - expectedMs} ms)`
  )
}

/** Asserts that `actualMs` lies in [lowMs, highMs], widened by `tolerance` on both sides. */
function assertWithin(actualMs, lowMs, highMs, what, tolerance = TIME_TOLERANCE_MS) {
  assert.ok(Number.isFinite(actualMs), `${what}: expected a valid time, got ${actualMs}`)
  assert.ok(
    actualMs >= lowMs - tolerance && actualMs <= highMs + tolerance,
    `${what}: expected within [${lowMs}, ${highMs}] (±${tolerance}), got ${actualMs}`
  )
}

function assertValidDate(d, what) {
  assert.ok(d instanceof Date, `${what} should be a Date`)
  assert.ok(!Number.isNaN(d.getTime()), `${what} should be a valid date (server sent RFC3339?)`)
}

function sortedIds(items) {
  return items.map((s) => s.sandboxId).sort()
}

after(async () => {
  // Kill anything this run created that a failing test left behind, including
  // clones whose ids were never returned to us (they carry the run tag).
  const ids = new Set(created)
  try {
    for (const s of await listAll({ query: { metadata: { run: RUN_TAG } } })) {
      ids.add(s.sandboxId)
    }
  } catch {
    // list may itself be broken; fall back to the tracked ids
  }
  await killAll([...ids])
})

// ---------------------------------------------------------------------------
// 1. create + getInfo
// ---------------------------------------------------------------------------

test('Sandbox.create returns a running base sandbox whose id, metadata and lifetime getInfo reports faithfully', async () => {
  const metadata = meta('create', { [ODD_KEY]: ODD_VALUE, empty: '' })
  const timeoutMs = 120_000
  const before = Date.now()
  const sbx = await create('create', {
    metadata,
    envs: { CONFORMANCE: '1', OTHER_VAR: 'x y' },
    timeoutMs,
  })
  try {
    assert.ok(sbx instanceof Sandbox)
    assert.match(sbx.sandboxId, SANDBOX_ID)

    for (const info of [await sbx.getInfo(), await Sandbox.getInfo(sbx.sandboxId, CONN)]) {
      assert.equal(info.sandboxId, sbx.sandboxId)
      assert.equal(info.state, 'running')
      assert.equal(info.templateId, 'base')
      assert.deepEqual(info.metadata, metadata)

      assertValidDate(info.startedAt, 'startedAt')
      assertValidDate(info.endAt, 'endAt')
      assertNear(info.endAt - info.startedAt, timeoutMs, 'endAt - startedAt')
      assertNear(info.startedAt.getTime(), before, 'startedAt vs. local clock', 10_000)

      assert.ok(Number.isInteger(info.cpuCount) && info.cpuCount > 0, `cpuCount ${info.cpuCount}`)
      assert.ok(Number.isInteger(info.memoryMB) && info.memoryMB > 0, `memoryMB ${info.memoryMB}`)
      assert.match(info.envdVersion, /^\d+\.\d+\.\d+/)
      // getInfo() strips the access token and domain
      assert.equal('envdAccessToken' in info, false)
      assert.equal('sandboxDomain' in info, false)
    }
  } finally {
    await killAll(sbx)
  }
})

// ---------------------------------------------------------------------------
// 2. list: metadata filter (triple-encoded), paging, state filter
// ---------------------------------------------------------------------------

test('Sandbox.list filters by metadata whose keys and values contain spaces, "&" and "="', async () => {
  const a = await create('list-meta', { metadata: meta('list-meta', { [ODD_KEY]: ODD_VALUE }) })
  const b = await create('list-meta', { metadata: meta('list-meta', { [ODD_KEY]: 'v a' }) })
  try {
    const onlyA = await listAll({ query: { metadata: { run: RUN_TAG, [ODD_KEY]: ODD_VALUE } } })
    assert.deepEqual(sortedIds(onlyA), [a.sandboxId])
    assert.deepEqual(onlyA[0].metadata, meta('list-meta', { [ODD_KEY]: ODD_VALUE }))

    const onlyB = await listAll({ query: { metadata: { run: RUN_TAG, [ODD_KEY]: 'v a' } } })
    assert.deepEqual(sortedIds(onlyB), [b.sandboxId])

    const both = await listAll({ query: { metadata: { run: RUN_TAG, case: 'list-meta' } } })
    assert.deepEqual(sortedIds(both), [a.sandboxId, b.sandboxId].sort())

    const none = await listAll({ query: { metadata: { run: RUN_TAG, [ODD_KEY]: 'v' } } })
    assert.deepEqual(none, [])

    for (const s of both) {
      assert.equal(s.state, 'running')
      assert.equal(s.templateId, 'base')
      assertValidDate(s.startedAt, 'listed startedAt')
      assertValidDate(s.endAt, 'listed endAt')
    }
  } finally {
    await killAll(a, b)
  }
})

test('Sandbox.list with limit 2 over 5 matching sandboxes yields 3 pages and every id exactly once', async () => {
  const metadata = meta('list-paging', { [ODD_KEY]: ODD_VALUE })
  const sbxs = []
  try {
    for (let i = 0; i < 5; i++) sbxs.push(await create('list-paging', { metadata }))
    const expected = sortedIds(sbxs)

    const paginator = Sandbox.list({ ...CONN, limit: 2, query: { metadata } })
    assert.equal(paginator.hasNext, true, 'a fresh paginator has a first page')
    const pages = []
    while (paginator.hasNext) {
      pages.push(await paginator.nextItems())
      if (pages.length > 10) break
    }
    assert.deepEqual(pages.map((p) => p.length), [2, 2, 1])
    assert.equal(paginator.hasNext, false)
    assert.equal(paginator.nextToken, undefined)

    const seen = pages.flat().map((s) => s.sandboxId)
    assert.equal(new Set(seen).size, seen.length, `duplicate ids across pages: ${seen}`)
    assert.deepEqual([...seen].sort(), expected)
    await assert.rejects(paginator.nextItems(), /No more items/)
  } finally {
    await killAll(sbxs)
  }
})

test('Sandbox.list state filter returns only paused, only running, or both as asked', async () => {
  const running = await create('list-state')
  const paused = await create('list-state')
  try {
    assert.equal(await paused.pause(), true)
    const metadata = { run: RUN_TAG, case: 'list-state' }

    const p = await listAll({ query: { metadata, state: ['paused'] } })
    assert.deepEqual(sortedIds(p), [paused.sandboxId])
    assert.equal(p[0].state, 'paused')

    const r = await listAll({ query: { metadata, state: ['running'] } })
    assert.deepEqual(sortedIds(r), [running.sandboxId])
    assert.equal(r[0].state, 'running')

    const both = await listAll({ query: { metadata, state: ['running', 'paused'] } })
    assert.deepEqual(sortedIds(both), [running.sandboxId, paused.sandboxId].sort())

    const byDefault = await listAll({ query: { metadata } })
    assert.deepEqual(
      sortedIds(byDefault),
      [running.sandboxId, paused.sandboxId].sort(),
      'without a state filter the server lists running and paused sandboxes'
    )
  } finally {
    await killAll(running, paused)
  }
})

// ---------------------------------------------------------------------------
// 3. setTimeout
// ---------------------------------------------------------------------------

test('setTimeout moves endAt to now + timeout, both extending and shortening it', async () => {
  const sbx = await create('timeout', { timeoutMs: 120_000 })
  try {
    const initial = await sbx.getInfo()

    let now = Date.now()
    await sbx.setTimeout(600_000)
    const extended = await sbx.getInfo()
    assertNear(extended.endAt.getTime(), now + 600_000, 'endAt after extending')
    assert.ok(extended.endAt > initial.endAt, 'extending moves endAt later')

    now = Date.now()
    await Sandbox.setTimeout(sbx.sandboxId, 30_000, CONN)
    const shortened = await sbx.getInfo()
    assertNear(shortened.endAt.getTime(), now + 30_000, 'endAt after shortening')
    assert.ok(shortened.endAt < extended.endAt, 'shortening moves endAt earlier')
    assert.equal(shortened.state, 'running')
    assert.equal(shortened.startedAt.getTime(), initial.startedAt.getTime(), 'startedAt unchanged')

    await assert.rejects(Sandbox.setTimeout(NO_SUCH_ID, 30_000, CONN), SandboxNotFoundError)
  } finally {
    await killAll(sbx)
  }
})

// ---------------------------------------------------------------------------
// 4. pause / connect (resume)
// ---------------------------------------------------------------------------

test('pause pauses once, reports false when already paused, and connect resumes a paused sandbox', async () => {
  const sbx = await create('pause', { timeoutMs: 600_000 })
  try {
    assert.equal(await sbx.pause(), true)
    assert.equal((await sbx.getInfo()).state, 'paused')

    assert.equal(await Sandbox.pause(sbx.sandboxId, CONN), false, 'second pause → 409 → false')
    assert.equal((await sbx.getInfo()).state, 'paused')

    // A resume takes a while on real containers (a CRIU restore): the lifetime starts somewhere
    // between sending the request and getting the answer.
    const beforeResume = Date.now()
    const resumed = await Sandbox.connect(sbx.sandboxId, { ...CONN, timeoutMs: 300_000 })
    const afterResume = Date.now()
    assert.ok(resumed instanceof Sandbox)
    assert.equal(resumed.sandboxId, sbx.sandboxId)
    const info = await resumed.getInfo()
    assert.equal(info.state, 'running')
    assertWithin(info.endAt.getTime(), beforeResume + 300_000, afterResume + 300_000, 'endAt after resume')

    // instance connect works on a paused sandbox too
    assert.equal(await sbx.pause(), true)
    assert.equal(await sbx.connect(), sbx)
    assert.equal((await sbx.getInfo()).state, 'running')
  } finally {
    await killAll(sbx)
  }
})

test('connect on a running sandbox keeps it running with the same id and never shortens its lifetime', async () => {
  const sbx = await create('connect-running', { timeoutMs: 600_000 })
  try {
    const before = await sbx.getInfo()

    const again = await Sandbox.connect(sbx.sandboxId, { ...CONN, timeoutMs: 60_000 })
    assert.equal(again.sandboxId, sbx.sandboxId)
    const info = await again.getInfo()
    assert.equal(info.state, 'running')
    assert.ok(
      info.endAt.getTime() >= before.endAt.getTime() - 1_000,
      `a shorter connect timeout must not shorten endAt (${before.endAt.toISOString()} → ${info.endAt.toISOString()})`
    )
    assert.deepEqual(info.metadata, before.metadata)

    assert.equal(await sbx.connect({ timeoutMs: 60_000 }), sbx)
    assert.equal((await sbx.getInfo()).state, 'running')
  } finally {
    await killAll(sbx)
  }
})

// ---------------------------------------------------------------------------
// 5. clone
// ---------------------------------------------------------------------------

test('Sandbox.clone with count 3 returns 3 new running sandboxes that inherit the parent metadata', async () => {
  const metadata = meta('clone', { [ODD_KEY]: ODD_VALUE })
  const parent = await create('clone', { metadata })
  let clones = []
  try {
    const result = await Sandbox.clone(parent.sandboxId, { ...CONN, count: 3 })
    clones = result.sandboxes.map(track)

    assert.equal(result.count, 3)
    assert.equal(result.sandboxes.length, 3)
    const ids = clones.map((c) => c.sandboxId)
    for (const id of ids) {
      assert.match(id, SANDBOX_ID, `clone id ${id} (a "-suffix" means the server sent clientID)`)
      assert.notEqual(id, parent.sandboxId)
    }
    assert.equal(new Set(ids).size, 3, `clone ids must be distinct: ${ids}`)

    for (const c of clones) {
      assert.ok(c instanceof Sandbox)
      const info = await c.getInfo()
      assert.equal(info.sandboxId, c.sandboxId)
      assert.equal(info.state, 'running')
      assert.deepEqual(info.metadata, metadata)
      assert.match(info.envdVersion, /^\d+\.\d+\.\d+/)
    }

    const parentInfo = await parent.getInfo()
    assert.equal(parentInfo.sandboxId, parent.sandboxId)
    assert.equal(parentInfo.state, 'running')

    const listed = await listAll({ query: { metadata: { run: RUN_TAG, case: 'clone' } } })
    assert.deepEqual(sortedIds(listed), [parent.sandboxId, ...ids].sort())
  } finally {
    await killAll(clones, parent)
  }
})

test('Sandbox.clone with strict and timeoutMs gives clones whose lifetime is the requested timeout', async () => {
  const parent = await create('clone-strict', { timeoutMs: 600_000 })
  let clones = []
  try {
    // Each clone's lifetime starts when it starts, somewhere between sending the request and
    // getting the answer (several seconds apart when the copies are real containers).
    const beforeClone = Date.now()
    const result = await Sandbox.clone(parent.sandboxId, {
      ...CONN,
      count: 2,
      strict: true,
      timeoutMs: 90_000,
    })
    const afterClone = Date.now()
    clones = result.sandboxes.map(track)
    assert.equal(result.count, 2)
    for (const c of clones) {
      assert.match(c.sandboxId, SANDBOX_ID)
      const info = await c.getInfo()
      assert.equal(info.state, 'running')
      assertWithin(info.endAt.getTime(), beforeClone + 90_000, afterClone + 90_000, 'clone endAt')
    }
    assert.equal((await parent.getInfo()).state, 'running')
  } finally {
    await killAll(clones, parent)
  }
})

test('Sandbox.clone of a paused parent gives running clones and leaves the parent paused', async () => {
  const metadata = meta('clone-paused')
  const parent = await create('clone-paused', { metadata })
  let clones = []
  try {
    assert.equal(await parent.pause(), true)
    const result = await Sandbox.clone(parent.sandboxId, { ...CONN, count: 2 })
    clones = result.sandboxes.map(track)
    assert.equal(result.count, 2)
    for (const c of clones) {
      assert.match(c.sandboxId, SANDBOX_ID)
      const info = await c.getInfo()
      assert.equal(info.state, 'running')
      assert.deepEqual(info.metadata, metadata)
    }
    const parentInfo = await parent.getInfo()
    assert.equal(parentInfo.sandboxId, parent.sandboxId)
    assert.equal(parentInfo.state, 'paused')
  } finally {
    await killAll(clones, parent)
  }
})

test('Sandbox.clone of an unknown sandbox id throws SandboxNotFoundError', async () => {
  await assert.rejects(Sandbox.clone(NO_SUCH_ID, { ...CONN, count: 1 }), SandboxNotFoundError)
})

test('Sandbox.clone beyond the remaining quota fails with a SandboxError and leaves no clones behind', async (t) => {
  const parent = await create('clone-quota')
  try {
    const quota = await Sandbox.getQuota(CONN)
    const left = quota.limit.concurrentInstances - quota.usage.concurrentInstances
    const count = Math.max(left, 0) + 1
    t.diagnostic(
      `quota limit=${quota.limit.concurrentInstances} usage=${quota.usage.concurrentInstances} → clone count ${count}`
    )

    const caseFilter = { query: { metadata: { run: RUN_TAG, case: 'clone-quota' } } }
    const beforeCase = await listAll(caseFilter)
    const beforeAll = await listAll({})
    assert.deepEqual(sortedIds(beforeCase), [parent.sandboxId])

    let result
    await assert.rejects(
      (async () => {
        result = await Sandbox.clone(parent.sandboxId, { ...CONN, count, strict: true })
      })(),
      (err) => {
        assert.ok(
          err instanceof RateLimitError || err instanceof SandboxError,
          `expected RateLimitError/SandboxError, got ${err?.constructor?.name}: ${err?.message}`
        )
        assert.ok(!(err instanceof SandboxNotFoundError), `unexpected ${err.name}: ${err.message}`)
        t.diagnostic(`${err.name}: ${err.message}`)
        return true
      }
    )
    if (result) result.sandboxes.forEach(track)

    const afterCase = await listAll(caseFilter)
    assert.deepEqual(sortedIds(afterCase), sortedIds(beforeCase), 'no clones may be left behind')
    const afterAll = await listAll({})
    if (afterAll.length !== beforeAll.length) {
      t.diagnostic(`unfiltered list count changed ${beforeAll.length} → ${afterAll.length} (parallel run?)`)
    }
    assert.ok(afterAll.length <= beforeAll.length, 'no new sandboxes may be left behind')
    assert.equal((await parent.getInfo()).state, 'running')
  } finally {
    await killAll(parent)
  }
})

// ---------------------------------------------------------------------------
// 6. kill
// ---------------------------------------------------------------------------

test('kill removes the sandbox: later kill returns false and getInfo, connect, pause and setTimeout throw SandboxNotFoundError', async () => {
  const sbx = await create('kill')
  const id = sbx.sandboxId
  try {
    assert.equal(await Sandbox.kill(id, CONN), true)
    created.delete(id)

    await assert.rejects(Sandbox.getInfo(id, CONN), SandboxNotFoundError)
    await assert.rejects(sbx.getInfo(), SandboxNotFoundError)
    assert.equal(await Sandbox.kill(id, CONN), false)
    await assert.rejects(Sandbox.connect(id, CONN), SandboxNotFoundError)
    await assert.rejects(Sandbox.pause(id, CONN), SandboxNotFoundError)
    await assert.rejects(Sandbox.setTimeout(id, 60_000, CONN), SandboxNotFoundError)

    const listed = await listAll({ query: { metadata: { run: RUN_TAG, case: 'kill' } } })
    assert.deepEqual(listed, [])
  } finally {
    await killAll(id)
  }
})

test('killing a paused sandbox works and an unknown id is reported as not found', async () => {
  const sbx = await create('kill-paused')
  try {
    assert.equal(await sbx.pause(), true)
    assert.equal(await Sandbox.kill(sbx.sandboxId, CONN), true)
    await assert.rejects(Sandbox.getInfo(sbx.sandboxId, CONN), SandboxNotFoundError)
    assert.equal(await Sandbox.kill(NO_SUCH_ID, CONN), false)
    await assert.rejects(Sandbox.getInfo(NO_SUCH_ID, CONN), SandboxNotFoundError)
  } finally {
    await killAll(sbx)
  }
})

// ---------------------------------------------------------------------------
// 7. metrics and quota
// ---------------------------------------------------------------------------

test('getMetrics returns an array of well-formed metric samples', async () => {
  const sbx = await create('metrics')
  try {
    for (const metrics of [
      await sbx.getMetrics(),
      await Sandbox.getMetrics(sbx.sandboxId, CONN),
      await Sandbox.getMetrics(sbx.sandboxId, {
        ...CONN,
        start: new Date(Date.now() - 60_000),
        end: new Date(),
      }),
    ]) {
      assert.ok(Array.isArray(metrics), `expected an array, got ${JSON.stringify(metrics)}`)
      for (const m of metrics) {
        assertValidDate(m.timestamp, 'metric timestamp')
        for (const k of ['cpuUsedPct', 'cpuCount', 'memUsed', 'memTotal']) {
          assert.equal(typeof m[k], 'number', `metric.${k}`)
        }
      }
    }
    await assert.rejects(Sandbox.getMetrics(NO_SUCH_ID, CONN), SandboxError)
  } finally {
    await killAll(sbx)
  }
})

test('Sandbox.getQuota reports a positive concurrent-instance limit and counts running sandboxes', async () => {
  assert.equal(typeof Sandbox.getQuota, 'function', 'Sandbox.getQuota is a static in 2.1.1')
  const sbx = await create('quota')
  try {
    const quota = await Sandbox.getQuota(CONN)
    assert.equal(typeof quota, 'object')
    assert.ok(quota.limit.concurrentInstances > 0, `limit.concurrentInstances ${quota.limit.concurrentInstances}`)
    assert.ok(
      quota.usage.concurrentInstances >= 1,
      `usage.concurrentInstances ${quota.usage.concurrentInstances} should count our running sandbox`
    )
    assert.ok(quota.usage.concurrentInstances <= quota.limit.concurrentInstances)
  } finally {
    await killAll(sbx)
  }
})
