// Control-plane conformance tests in E2B's dialect: drive the official `e2b@2.51.0` npm SDK (public
// API only) against the emulator. 2.51.0 creates with POST /v2/sandboxes, resumes with
// POST /v2/sandboxes/{id}/connect, pauses with a JSON body and forks with POST /sandboxes/{id}/fork.
// Environment: see e2b-env.mjs.

import { test } from 'node:test'
import assert from 'node:assert/strict'

import { Sandbox, SandboxError, SandboxNotFoundError } from 'e2b'

import {
  OPTS,
  SANDBOX_ID,
  NO_SUCH_ID,
  RUN_TAG,
  meta,
  create,
  track,
  listAll,
  assertNear,
} from './e2b-env.mjs'

const FORK_DEFAULT_TIMEOUT_MS = 15_000

/** A metadata key/value with spaces, '&' and '=' to exercise the SDK's triple encoding. */
const ODD_KEY = 'odd key & more'
const ODD_VALUE = 'v a&l=ue 1'

/** Asserts that `promise` rejects with a SandboxError carrying `status` (E2B's SDK sets statusCode). */
async function rejectsWithStatus(promise, status, messagePattern) {
  await assert.rejects(promise, (err) => {
    assert.ok(err instanceof SandboxError, `expected a SandboxError, got ${err?.constructor?.name}: ${err?.message}`)
    assert.equal(err.statusCode, status, `status of: ${err.message}`)
    if (messagePattern) assert.match(err.message, messagePattern)
    return true
  })
}

// ---------------------------------------------------------------------------
// create, getInfo, list
// ---------------------------------------------------------------------------

test('Sandbox.create (POST /v2/sandboxes) without a timeout gives a running base sandbox that lives 300 s, with an access token and envd 0.5.7', async () => {
  const before = Date.now()
  const sbx = track(await Sandbox.create({ ...OPTS, metadata: meta('create-default') }))
  assert.match(sbx.sandboxId, SANDBOX_ID)
  assert.ok(sbx.envdAccessToken, 'V2 sandboxes are always secured: the answer carries envdAccessToken')

  const info = await Sandbox.getInfo(sbx.sandboxId, OPTS)
  assert.equal(info.sandboxId, sbx.sandboxId)
  assert.equal(info.templateId, 'base')
  assert.equal(info.state, 'running')
  assert.equal(info.envdVersion, '0.5.7')
  assert.deepEqual(info.metadata, meta('create-default'))
  assert.equal(info.sandboxDomain, undefined, 'domain is null, so the SDK keeps its configured sandbox URL')
  assertNear(assert, info.startedAt.getTime(), before, 'startedAt')
  assertNear(assert, info.endAt.getTime() - info.startedAt.getTime(), 300_000, 'the server default lifetime', 1_000)
  assert.ok(info.cpuCount > 0 && info.memoryMB > 0, `resources: ${info.cpuCount} cpu, ${info.memoryMB} MB`)
  assert.equal(await sbx.isRunning(), true)
})

test('Sandbox.create with a template, timeoutMs, envs and metadata reports them back in getInfo', async () => {
  const sbx = await create('create-options', { template: 'base', timeoutMs: 120_000, envs: { FROM_CREATE: 'yes' } })
  const info = await sbx.getInfo()
  assert.equal(info.templateId, 'base')
  assertNear(assert, info.endAt.getTime() - info.startedAt.getTime(), 120_000, 'lifetime', 1_000)
  assert.equal(info.metadata.case, 'create-options')
  assert.equal((await sbx.commands.run('echo $FROM_CREATE')).stdout, 'yes\n')
})

test('getInfo of an unknown sandbox throws SandboxNotFoundError', async () => {
  await assert.rejects(Sandbox.getInfo(NO_SUCH_ID, OPTS), SandboxNotFoundError)
})

test('Sandbox.list filters by metadata with spaces, "&" and "=" and by state, and reports each state', async () => {
  const extra = { [ODD_KEY]: ODD_VALUE }
  const running = await create('list', { metadata: meta('list', extra) })
  const paused = await create('list', { metadata: meta('list', extra) })
  await create('list-other', { metadata: meta('list-other') })
  assert.equal(await paused.pause(), true)

  const both = await listAll({ query: { metadata: { run: RUN_TAG, case: 'list', [ODD_KEY]: ODD_VALUE } } })
  assert.deepEqual(
    both.map((s) => `${s.sandboxId}:${s.state}`).sort(),
    [`${running.sandboxId}:running`, `${paused.sandboxId}:paused`].sort()
  )
  const listed = both.find((s) => s.sandboxId === running.sandboxId)
  assert.equal(listed.templateId, 'base')
  assert.deepEqual(listed.metadata, meta('list', extra))
  assert.ok(listed.startedAt instanceof Date && listed.endAt > listed.startedAt)

  const onlyPaused = await listAll({ query: { metadata: { run: RUN_TAG, case: 'list' }, state: ['paused'] } })
  assert.deepEqual(onlyPaused.map((s) => s.sandboxId), [paused.sandboxId])
  const onlyRunning = await listAll({ query: { metadata: { run: RUN_TAG, case: 'list' }, state: ['running'] } })
  assert.deepEqual(onlyRunning.map((s) => s.sandboxId), [running.sandboxId])
})

test('Sandbox.list pages with limit and honours order, startedAfter and template', async () => {
  const made = []
  for (let i = 0; i < 3; i++) {
    made.push(await create('list-order'))
    await new Promise((resolve) => setTimeout(resolve, 20)) // distinct start times
  }
  const ids = made.map((s) => s.sandboxId)
  const query = { metadata: { run: RUN_TAG, case: 'list-order' } }

  const paginator = Sandbox.list({ ...OPTS, query, limit: 2, order: 'asc' })
  const first = await paginator.nextItems()
  assert.equal(first.length, 2)
  assert.equal(paginator.hasNext, true, 'a third sandbox remains')
  const second = await paginator.nextItems()
  assert.equal(paginator.hasNext, false)
  assert.deepEqual([...first, ...second].map((s) => s.sandboxId), ids, 'asc: oldest first, across pages')

  assert.deepEqual((await listAll({ query, order: 'desc' })).map((s) => s.sandboxId), [...ids].reverse())

  const secondInfo = await made[1].getInfo()
  const later = await listAll({ query: { ...query, startedAfter: secondInfo.startedAt }, order: 'asc' })
  assert.deepEqual(later.map((s) => s.sandboxId), ids.slice(1), 'startedAfter is inclusive')

  assert.equal((await listAll({ query: { ...query, template: 'base' } })).length, 3)
  assert.equal((await listAll({ query: { ...query, template: 'no-such-template' } })).length, 0)
})

// ---------------------------------------------------------------------------
// setTimeout, pause and connect, kill
// ---------------------------------------------------------------------------

test('setTimeout moves endAt to now + timeout, both extending and shortening it', async () => {
  const sbx = await create('set-timeout', { timeoutMs: 60_000 })
  let asked = Date.now()
  await sbx.setTimeout(600_000)
  assertNear(assert, (await sbx.getInfo()).endAt.getTime(), asked + 600_000, 'extended endAt')
  asked = Date.now()
  await Sandbox.setTimeout(sbx.sandboxId, 30_000, OPTS)
  assertNear(assert, (await sbx.getInfo()).endAt.getTime(), asked + 30_000, 'shortened endAt')
  await assert.rejects(Sandbox.setTimeout(NO_SUCH_ID, 30_000, OPTS), SandboxNotFoundError)
})

test('pause (JSON {}) pauses once, reports false when already paused, and Sandbox.connect resumes it with its files', async () => {
  const sbx = await create('pause-connect')
  await sbx.files.write('/home/user/kept.txt', 'across pause')
  assert.equal(await sbx.pause(), true)
  assert.equal((await sbx.getInfo()).state, 'paused')
  assert.equal(await sbx.isRunning(), false)
  assert.equal(await Sandbox.pause(sbx.sandboxId, OPTS), false, 'a second pause is a 409, which the SDK reports as false')

  const resumed = await Sandbox.connect(sbx.sandboxId, { ...OPTS, timeoutMs: 120_000 })
  assert.equal(resumed.sandboxId, sbx.sandboxId)
  const info = await resumed.getInfo()
  assert.equal(info.state, 'running')
  assertNear(assert, info.endAt.getTime(), Date.now() + 120_000, 'endAt after resume')
  assert.equal(await resumed.files.read('/home/user/kept.txt'), 'across pause')
})

test('Sandbox.connect to a running sandbox keeps its id and never shortens its lifetime; an unknown id is not found', async () => {
  const sbx = await create('connect-running', { timeoutMs: 600_000 })
  const endBefore = (await sbx.getInfo()).endAt.getTime()
  const again = await Sandbox.connect(sbx.sandboxId, { ...OPTS, timeoutMs: 60_000 })
  assert.equal(again.sandboxId, sbx.sandboxId)
  assert.ok((await again.getInfo()).endAt.getTime() >= endBefore, 'connect only extends')
  assert.equal((await again.commands.run('echo connected')).stdout, 'connected\n')
  await assert.rejects(Sandbox.connect(NO_SUCH_ID, OPTS), SandboxNotFoundError)
})

test('pause with keepMemory:false is refused with a 400 and leaves the sandbox running', async () => {
  const sbx = await create('pause-no-memory')
  await rejectsWithStatus(sbx.pause({ keepMemory: false }), 400)
  assert.equal((await sbx.getInfo()).state, 'running')
})

test('kill removes the sandbox: a second kill is false and getInfo, connect, pause and setTimeout throw SandboxNotFoundError', async () => {
  const sbx = await create('kill')
  const pausedOne = await create('kill')
  await pausedOne.pause()
  assert.equal(await sbx.kill(), true)
  assert.equal(await Sandbox.kill(pausedOne.sandboxId, OPTS), true, 'a paused sandbox can be killed')
  assert.equal(await Sandbox.kill(sbx.sandboxId, OPTS), false)
  await assert.rejects(Sandbox.getInfo(sbx.sandboxId, OPTS), SandboxNotFoundError)
  await assert.rejects(Sandbox.connect(sbx.sandboxId, OPTS), SandboxNotFoundError)
  await assert.rejects(Sandbox.pause(sbx.sandboxId, OPTS), SandboxNotFoundError)
  await assert.rejects(Sandbox.setTimeout(sbx.sandboxId, 10_000, OPTS), SandboxNotFoundError)
  assert.equal((await listAll({ query: { metadata: { run: RUN_TAG, case: 'kill' } } })).length, 0)
})

// ---------------------------------------------------------------------------
// fork
// ---------------------------------------------------------------------------

test('fork with the default count gives one running sandbox that keeps the parent files and lives 15 s; the parent keeps its id and end', async () => {
  const parent = await create('fork-one', { timeoutMs: 600_000 })
  await parent.files.write('/home/user/state.txt', 'before fork')
  const parentEnd = (await parent.getInfo()).endAt.getTime()

  const forks = await parent.fork()
  assert.equal(forks.length, 1)
  const [fork] = forks
  assert.ok(fork instanceof Sandbox, `slot 1 is a Sandbox, got ${fork}`)
  track(fork)
  assert.match(fork.sandboxId, SANDBOX_ID)
  assert.notEqual(fork.sandboxId, parent.sandboxId)

  const info = await fork.getInfo()
  assert.equal(info.state, 'running')
  assertNear(assert, info.endAt.getTime() - info.startedAt.getTime(), FORK_DEFAULT_TIMEOUT_MS, 'a fork lives 15 s by default', 1_000)
  assert.equal(await fork.files.read('/home/user/state.txt'), 'before fork')

  const parentInfo = await parent.getInfo()
  assert.equal(parentInfo.state, 'running')
  assert.equal(parentInfo.endAt.getTime(), parentEnd, 'the parent keeps its expiry')
})

test('Sandbox.fork with count 3 and timeoutMs gives 3 distinct sandboxes, in slots, that carry the parent files and then diverge', async () => {
  const parent = await create('fork-three')
  await parent.files.write('/home/user/state.txt', 'shared')
  const forks = await Sandbox.fork(parent.sandboxId, { ...OPTS, count: 3, timeoutMs: 60_000 })
  assert.equal(forks.length, 3)
  for (const [slot, fork] of forks.entries()) {
    assert.ok(fork instanceof Sandbox, `slot ${slot + 1} is a Sandbox, got ${fork}`)
    track(fork)
  }
  const ids = forks.map((f) => f.sandboxId)
  assert.equal(new Set([...ids, parent.sandboxId]).size, 4, 'every fork has a fresh id')

  for (const [slot, fork] of forks.entries()) {
    const info = await fork.getInfo()
    assertNear(assert, info.endAt.getTime() - info.startedAt.getTime(), 60_000, `fork ${slot + 1} lifetime`, 1_000)
    assert.equal(await fork.files.read('/home/user/state.txt'), 'shared')
    await fork.files.write('/home/user/state.txt', `fork ${slot + 1}`)
  }
  for (const [slot, fork] of forks.entries()) {
    assert.equal(await fork.files.read('/home/user/state.txt'), `fork ${slot + 1}`)
  }
  assert.equal(await parent.files.read('/home/user/state.txt'), 'shared', 'the parent is untouched by its forks')
})

test('fork of a paused parent is refused with a 409 and makes nothing; the parent stays paused', async () => {
  const parent = await create('fork-paused')
  await parent.pause()
  const before = await listAll({})
  await rejectsWithStatus(Sandbox.fork(parent.sandboxId, { ...OPTS, count: 2 }), 409, /paused/)
  assert.equal((await parent.getInfo()).state, 'paused')
  assert.deepEqual((await listAll({})).map((s) => s.sandboxId).sort(), before.map((s) => s.sandboxId).sort())
})

test('fork with count 0 or 101 is refused with a 400 and makes nothing; an unknown parent is SandboxNotFoundError', async () => {
  const parent = await create('fork-bad-count')
  const before = (await listAll({})).map((s) => s.sandboxId).sort()
  await rejectsWithStatus(Sandbox.fork(parent.sandboxId, { ...OPTS, count: 0 }), 400)
  await rejectsWithStatus(Sandbox.fork(parent.sandboxId, { ...OPTS, count: 101 }), 400)
  assert.deepEqual((await listAll({})).map((s) => s.sandboxId).sort(), before)
  await assert.rejects(Sandbox.fork(NO_SUCH_ID, OPTS), SandboxNotFoundError)
})

// ---------------------------------------------------------------------------
// metrics, snapshots
// ---------------------------------------------------------------------------

test('getMetrics returns well-formed samples, memCache included', async () => {
  const sbx = await create('metrics')
  await sbx.files.write('/home/user/weight.txt', 'x'.repeat(1000))
  const metrics = await sbx.getMetrics()
  assert.ok(Array.isArray(metrics) && metrics.length >= 1, `at least one sample for a running sandbox, got ${JSON.stringify(metrics)}`)
  for (const m of metrics) {
    assert.ok(m.timestamp instanceof Date && Number.isFinite(m.timestamp.getTime()), `timestamp ${m.timestamp}`)
    for (const field of ['cpuCount', 'cpuUsedPct', 'memUsed', 'memTotal', 'memCache', 'diskUsed', 'diskTotal']) {
      assert.equal(typeof m[field], 'number', `${field} is a number in ${JSON.stringify(m)}`)
    }
    assert.ok(m.memUsed <= m.memTotal && m.diskUsed <= m.diskTotal)
  }
  await assert.rejects(Sandbox.getMetrics(NO_SUCH_ID, OPTS), SandboxNotFoundError)
})

test('createSnapshot with a name is listed for its sandbox and starts new sandboxes with its files; deleteSnapshot removes it', async () => {
  const sbx = await create('snapshot')
  await sbx.files.write('/home/user/snap.txt', 'in the snapshot')
  const name = `snap-${RUN_TAG}`
  const snapshot = await sbx.createSnapshot({ name })
  assert.ok(snapshot.snapshotId)

  const paginator = Sandbox.listSnapshots({ ...OPTS, sandboxId: sbx.sandboxId })
  const listed = await paginator.nextItems()
  assert.deepEqual(listed.map((s) => s.snapshotId), [snapshot.snapshotId])

  const fromSnapshot = track(await Sandbox.create(snapshot.snapshotId, { ...OPTS, metadata: meta('snapshot') }))
  assert.equal(await fromSnapshot.files.read('/home/user/snap.txt'), 'in the snapshot')

  assert.equal(await Sandbox.deleteSnapshot(snapshot.snapshotId, OPTS), true)
  assert.equal(await Sandbox.deleteSnapshot(snapshot.snapshotId, OPTS), false)
})
