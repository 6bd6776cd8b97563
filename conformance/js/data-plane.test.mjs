// Data-plane conformance tests: drive the official `novita-sandbox@2.1.1` npm SDK's files and
// commands APIs (public API only) against a Novita Sandbox emulator's envd.
//
// Environment: NOVITA_API_URL and NOVITA_SANDBOX_URL (both required here), NOVITA_API_KEY, and
// EMULATOR_BACKEND: the emulator's backend, `simulated` (the default), `docker` or `podman`.
// - simulated: commands run on the emulator's simulated shell, the built-ins documented in
//   docs/simulated-shell.md; anything else exits 127 with a hint to stub it.
// - docker: commands run in a real Debian container (bash, coreutils, python3); the suite then
//   also checks that a clone carries a running process's memory.

import { test, after } from 'node:test'
import assert from 'node:assert/strict'

import { Sandbox, CommandExitError, FileNotFoundError, FilesystemEventType } from 'novita-sandbox'

const API_URL = process.env.NOVITA_API_URL?.trim()
const SANDBOX_URL = process.env.NOVITA_SANDBOX_URL?.trim()
if (!API_URL || !SANDBOX_URL) {
  throw new Error(
    'NOVITA_API_URL and NOVITA_SANDBOX_URL must both be set: start the emulator and export the two URLs it prints.'
  )
}

const CONN = Object.freeze({
  apiUrl: API_URL,
  sandboxUrl: SANDBOX_URL,
  apiKey: process.env.NOVITA_API_KEY || 'conformance-key',
  requestTimeoutMs: 30_000,
})
const BACKEND = (process.env.EMULATOR_BACKEND || 'simulated').trim()
if (!['simulated', 'docker', 'podman'].includes(BACKEND)) {
  throw new Error(`EMULATOR_BACKEND must be simulated, docker or podman, got "${BACKEND}"`)
}
const REAL_PROCESSES = BACKEND === 'docker' || BACKEND === 'podman'
const RUN_TAG = `conf-data-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`

const created = new Set()

async function create(caseName, opts = {}) {
  const sbx = await Sandbox.create({
    ...CONN,
    timeoutMs: 300_000,
    metadata: { suite: 'novita-conformance-js', run: RUN_TAG, case: caseName },
    ...opts,
  })
  created.add(sbx.sandboxId)
  return sbx
}

after(async () => {
  await Promise.all([...created].map((id) => Sandbox.kill(id, CONN).catch(() => false)))
})

/** Resolves when `predicate` holds, polling; rejects after `ms`. */
async function eventually(predicate, ms = 5_000, what = 'condition') {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await predicate()) return
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
  throw new Error(`timed out waiting for ${what}`)
}

// ---------------------------------------------------------------------------
// files
// ---------------------------------------------------------------------------

test('files: write then read text and bytes, relative to the home directory', async () => {
  const sbx = await create('files-write-read')
  const info = await sbx.files.write('notes/hello.txt', 'hello from the SDK')
  assert.equal(info.path, '/home/user/notes/hello.txt')
  assert.equal(await sbx.files.read('/home/user/notes/hello.txt'), 'hello from the SDK')

  const bytes = new Uint8Array([0, 1, 2, 250, 13, 10])
  await sbx.files.write('/tmp/data.bin', bytes)
  assert.deepEqual(await sbx.files.read('/tmp/data.bin', { format: 'bytes' }), bytes)

  await sbx.files.write('/tmp/empty.txt', '')
  assert.equal(await sbx.files.read('/tmp/empty.txt'), '')
})

test('files: writeFiles, list, exists, getInfo, makeDir, rename and remove', async () => {
  const sbx = await create('files-manage')
  await sbx.files.write([
    { path: '/home/user/project/a.txt', data: 'A' },
    { path: '/home/user/project/sub/b.txt', data: 'BB' },
  ])
  const top = await sbx.files.list('/home/user/project')
  assert.deepEqual(top.map((e) => `${e.name}:${e.type}`).sort(), ['a.txt:file', 'sub:dir'])
  const deep = await sbx.files.list('/home/user/project', { depth: 2 })
  assert.ok(deep.some((e) => e.path === '/home/user/project/sub/b.txt'))

  assert.equal(await sbx.files.exists('/home/user/project/a.txt'), true)
  assert.equal(await sbx.files.exists('/home/user/project/none.txt'), false)
  assert.equal((await sbx.files.getInfo('/home/user/project/sub/b.txt')).size, 2)

  assert.equal(await sbx.files.makeDir('/home/user/project/new'), true)
  assert.equal(await sbx.files.makeDir('/home/user/project/new'), false)

  const moved = await sbx.files.rename('/home/user/project/a.txt', '/home/user/project/new/a.txt')
  assert.equal(moved.path, '/home/user/project/new/a.txt')
  await sbx.files.remove('/home/user/project/sub')
  assert.equal(await sbx.files.exists('/home/user/project/sub/b.txt'), false)
})

test('files: reading a missing file is a FileNotFoundError', async () => {
  const sbx = await create('files-missing')
  await assert.rejects(sbx.files.read('/home/user/missing.txt'), FileNotFoundError)
})

test('files: root writes into its own home', async () => {
  const sbx = await create('files-root')
  const info = await sbx.files.write('secret.txt', 's', { user: 'root' })
  assert.equal(info.path, '/root/secret.txt')
  assert.equal((await sbx.files.getInfo('/root/secret.txt', { user: 'root' })).owner, 'root')
})

test('files: watchDir reports a created file', async () => {
  const sbx = await create('files-watch')
  await sbx.files.makeDir('/home/user/watched')
  const events = []
  const handle = await sbx.files.watchDir('/home/user/watched', (e) => events.push(e), { timeoutMs: 30_000 })
  try {
    await sbx.files.write('/home/user/watched/new.txt', 'x')
    await eventually(() => events.some((e) => e.name === 'new.txt' && e.type === FilesystemEventType.CREATE), 5_000, 'a create event')
  } finally {
    await handle.stop()
  }
})

test('files: signed uploadUrl and downloadUrl work without the SDK', async () => {
  const sbx = await create('files-signed', { secure: true })
  const uploadUrl = await sbx.uploadUrl('/home/user/uploaded.txt')
  const form = new FormData()
  form.append('file', new Blob(['via signed url']), '/home/user/uploaded.txt')
  const upload = await fetch(uploadUrl, { method: 'POST', body: form })
  assert.equal(upload.status, 200, await upload.clone().text())

  const download = await fetch(await sbx.downloadUrl('/home/user/uploaded.txt'))
  assert.equal(download.status, 200)
  assert.equal(await download.text(), 'via signed url')
})

// ---------------------------------------------------------------------------
// commands
// ---------------------------------------------------------------------------

test('commands: run sees its envs, the sandbox envs and its cwd', async () => {
  const sbx = await create('cmd-run', { envs: { FROM_CREATE: 'sandbox-wide' } })
  const result = await sbx.commands.run('echo "$GREETING $FROM_CREATE"; pwd', { envs: { GREETING: 'hi' }, cwd: '/tmp' })
  assert.equal(result.exitCode, 0)
  assert.equal(result.stdout, 'hi sandbox-wide\n/tmp\n')
  assert.equal(result.stderr, '')
})

test('commands: output streams to callbacks as it is printed', async () => {
  const sbx = await create('cmd-stream')
  const chunks = []
  // The pause makes the order observable: stdout and stderr are separate pipes, so two writes an
  // instant apart may reach the client in either order on a real container (seen on docker in CI).
  await sbx.commands.run('echo one && sleep 0.5 && echo two >&2 || echo never', {
    onStdout: (d) => chunks.push(`out:${d}`),
    onStderr: (d) => chunks.push(`err:${d}`),
  })
  assert.deepEqual(chunks, ['out:one\n', 'err:two\n'])
})

test('commands: a non-zero exit is a CommandExitError carrying the result', async () => {
  const sbx = await create('cmd-exit')
  await assert.rejects(sbx.commands.run('echo partial; ls /no/such/dir; exit 3'), (err) => {
    assert.ok(err instanceof CommandExitError)
    assert.equal(err.exitCode, 3)
    assert.equal(err.stdout, 'partial\n')
    assert.match(err.stderr, /No such file or directory/)
    return true
  })
})

test('commands: an unknown program exits 127, naming it (simulated: and saying how to stub it)', async () => {
  const sbx = await create('cmd-unknown')
  await assert.rejects(sbx.commands.run('train-model --epochs 3'), (err) => {
    assert.ok(err instanceof CommandExitError)
    assert.equal(err.exitCode, 127)
    assert.match(err.stderr, /train-model/)
    // bash says "command not found"; the simulated shell explains how to stub the program instead
    assert.match(err.stderr, REAL_PROCESSES ? /command not found/ : /stub/)
    return true
  })
})

test('commands: a background process is listed, takes stdin, and can be killed', async () => {
  const sbx = await create('cmd-background')
  const reader = await sbx.commands.run('head -n 1', { background: true, stdin: true })
  assert.ok(reader.pid > 0)
  await sbx.commands.sendStdin(reader.pid, 'typed line\n')
  const result = await reader.wait()
  assert.equal(result.stdout, 'typed line\n')

  const sleeper = await sbx.commands.run('sleep 600', { background: true })
  const listed = await sbx.commands.list()
  assert.ok(listed.some((p) => p.pid === sleeper.pid), 'the sleeper is listed')
  assert.equal(await sbx.commands.kill(sleeper.pid), true)
  await assert.rejects(sleeper.wait(), CommandExitError)
  assert.equal(await sbx.commands.kill(sleeper.pid), false)
  assert.ok(!(await sbx.commands.list()).some((p) => p.pid === sleeper.pid))
})

test('commands: connect to a running process replays its output so far', async () => {
  const sbx = await create('cmd-connect')
  const bg = await sbx.commands.run('echo started; sleep 600', { background: true })
  await eventually(() => bg.stdout.includes('started'), 5_000, 'the first line')
  await bg.disconnect()

  const again = await sbx.commands.connect(bg.pid)
  await eventually(() => again.stdout.includes('started'), 5_000, 'the replayed line')
  await again.kill()
})

// ---------------------------------------------------------------------------
// clone carries the data plane
// ---------------------------------------------------------------------------

test('clone: copies carry files and running processes, then diverge', async () => {
  const parent = await create('clone-data')
  await parent.files.write('/home/user/state.txt', 'before clone')
  const bg = await parent.commands.run('echo working; sleep 600', { background: true })
  await eventually(() => bg.stdout.includes('working'), 5_000, 'the parent process output')

  const { sandboxes } = await Sandbox.clone(parent.sandboxId, { ...CONN, count: 2 })
  sandboxes.forEach((s) => created.add(s.sandboxId))
  const [first, second] = sandboxes

  assert.equal(await first.files.read('/home/user/state.txt'), 'before clone')
  await first.files.write('/home/user/state.txt', 'changed in first')
  assert.equal(await second.files.read('/home/user/state.txt'), 'before clone')
  assert.equal(await parent.files.read('/home/user/state.txt'), 'before clone')

  const processes = await first.commands.list()
  assert.ok(processes.some((p) => p.pid === bg.pid), 'the clone has the parent process, same pid')
  const copy = await first.commands.connect(bg.pid)
  await eventually(() => copy.stdout.includes('working'), 5_000, 'the copy output so far')
  assert.equal(await first.commands.kill(bg.pid), true)
  assert.ok((await parent.commands.list()).some((p) => p.pid === bg.pid), 'killing the copy leaves the parent process')
  await bg.kill()
})

// ---------------------------------------------------------------------------
// docker only: a clone carries a running process's memory (CRIU)
// ---------------------------------------------------------------------------

/** A python3 program that keeps one random number in memory and prints it with a counter every 200 ms. */
const COUNTER_PY = `import random, time
value = random.random()
count = 0
while True:
    count += 1
    print("value=%r count=%d" % (value, count), flush=True)
    time.sleep(0.2)
`

/** The complete `value=... count=N` lines of some output, as {value, count}. */
function counterLines(stdout) {
  const lines = stdout.split('\n').slice(0, -1) // the last element is a partial line (or '')
  return lines.map((line) => {
    const m = /^value=(\S+) count=(\d+)$/.exec(line)
    assert.ok(m, `unexpected output line ${JSON.stringify(line)} in ${JSON.stringify(stdout)}`)
    return { value: m[1], count: Number(m[2]) }
  })
}

function lastCount(stdout) {
  const lines = counterLines(stdout)
  return lines.length === 0 ? 0 : lines[lines.length - 1].count
}

test(
  'containers: a clone continues a running python process with its memory (same random value, counter not restarted)',
  { skip: !REAL_PROCESSES && `needs real processes (EMULATOR_BACKEND=docker or podman); this run's backend is ${BACKEND}` },
  async (t) => {
    const parent = await create('clone-memory')
    let clone
    let original
    let copy
    try {
      await parent.files.write('/home/user/counter.py', COUNTER_PY)
      original = await parent.commands.run('python3 -u /home/user/counter.py', { background: true, timeoutMs: 0 })
      assert.ok(original.pid > 0)
      await eventually(() => lastCount(original.stdout) >= 3, 20_000, 'three lines from the parent process')
      const [{ value }] = counterLines(original.stdout)
      assert.match(value, /^0\.\d+/)

      const countBeforeClone = lastCount(original.stdout)
      const { sandboxes } = await Sandbox.clone(parent.sandboxId, { ...CONN, count: 1 })
      assert.equal(sandboxes.length, 1)
      clone = sandboxes[0]
      created.add(clone.sandboxId)

      assert.ok(
        (await clone.commands.list()).some((p) => p.pid === original.pid),
        `the clone lists the parent's process with its pid ${original.pid}`
      )
      copy = await clone.commands.connect(original.pid, { timeoutMs: 0 })
      // Live output from the clone: counts beyond the last one the parent printed before the clone.
      await eventually(
        () => lastCount(copy.stdout) >= countBeforeClone + 5,
        20_000,
        `the clone's copy to count past ${countBeforeClone + 5}`
      )

      const copied = counterLines(copy.stdout)
      for (const line of copied) {
        assert.equal(line.value, value, `the clone's process prints the parent's random value: ${JSON.stringify(copy.stdout)}`)
      }
      for (let i = 1; i < copied.length; i++) {
        assert.equal(
          copied[i].count,
          copied[i - 1].count + 1,
          `the clone's counter continues without restarting: ${copied.map((l) => l.count).join(',')}`
        )
      }
      assert.equal(copied.filter((l) => l.count === 1).length <= 1, true, 'count=1 printed at most once (no restart)')
      t.diagnostic(
        `value ${value}; the parent had printed up to count ${countBeforeClone} before the clone; ` +
          `the clone's copy printed counts ${copied[0].count}..${copied[copied.length - 1].count}`
      )

      // The parent's process keeps running, on its own.
      const parentCount = lastCount(original.stdout)
      await eventually(() => lastCount(original.stdout) > parentCount, 10_000, 'the parent process to keep counting')
      for (const line of counterLines(original.stdout)) assert.equal(line.value, value)
    } finally {
      if (copy) await copy.kill().catch(() => false)
      if (original) await original.kill().catch(() => false)
      if (clone) await Sandbox.kill(clone.sandboxId, CONN).catch(() => false)
      await Sandbox.kill(parent.sandboxId, CONN).catch(() => false)
      if (clone) created.delete(clone.sandboxId)
      created.delete(parent.sandboxId)
    }
  }
)
