// The official E2B command-line tool (`@e2b/cli@2.19.0`, node_modules/.bin/e2b) against the
// emulator: `e2b sandbox list|info|pause|resume|exec|kill` and `e2b sandbox snapshot list`, with
// the same environment as the SDK suites (see e2b-env.mjs), checking exit codes and output (-f json
// where the command has it).
//
// The CLI checks npm for a newer version of itself on start (simple-update-notifier, against
// registry.npmjs.org) unless NO_UPDATE_NOTIFIER is set; it has no other telemetry. Every run below
// sets NO_UPDATE_NOTIFIER=1, so nothing leaves the machine, and is killed if it takes longer than
// CLI_TIME_LIMIT_MS, so that a CLI that waits for the network fails the test instead of hanging it.

import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

import { Sandbox } from 'e2b'

import { OPTS, RUN_TAG, NO_SUCH_ID, create, meta } from './e2b-env.mjs'

const E2B = fileURLToPath(new URL('./node_modules/.bin/e2b', import.meta.url))
const CLI_TIME_LIMIT_MS = 60_000

/** Runs `e2b ARGS` with stdin closed; resolves {code, stdout, stderr} whatever the exit code. */
function e2b(...args) {
  return new Promise((resolve, reject) => {
    const child = execFile(
      E2B,
      args,
      {
        env: { ...process.env, NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1', FORCE_COLOR: '0' },
        timeout: CLI_TIME_LIMIT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error && error.killed) {
          reject(new Error(`e2b ${args.join(' ')} did not finish within ${CLI_TIME_LIMIT_MS} ms; stderr: ${stderr}`))
        } else if (error && typeof error.code !== 'number') {
          reject(error)
        } else {
          resolve({ code: error ? error.code : 0, stdout, stderr })
        }
      }
    )
    child.stdin.end() // a closed pipe: `exec` forwards piped stdin, and it must see EOF at once
  })
}

function describe(run) {
  return `exit ${run.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`
}

function succeeds(run) {
  assert.equal(run.code, 0, describe(run))
  return run
}

test('e2b --version prints the pinned version without reaching the network', async () => {
  const run = succeeds(await e2b('--version'))
  assert.equal(run.stdout.trim(), '2.19.0')
})

test('e2b sandbox list -f json lists running sandboxes by default, and paused ones with -s paused, filtered by -m', async () => {
  const running = await create('cli-list')
  const paused = await create('cli-list')
  await paused.pause()

  const defaults = JSON.parse(succeeds(await e2b('sandbox', 'list', '-m', `run=${RUN_TAG}`, '-f', 'json')).stdout)
  assert.deepEqual(defaults.map((s) => s.sandboxId), [running.sandboxId], 'running only, by default')
  assert.equal(defaults[0].state, 'running')
  assert.equal(defaults[0].templateId, 'base')
  assert.equal(defaults[0].metadata.case, 'cli-list')

  const onlyPaused = JSON.parse(
    succeeds(await e2b('sandbox', 'list', '-s', 'paused', '-m', `run=${RUN_TAG}`, '-f', 'json')).stdout
  )
  assert.deepEqual(onlyPaused.map((s) => `${s.sandboxId}:${s.state}`), [`${paused.sandboxId}:paused`])

  const both = JSON.parse(
    succeeds(await e2b('sandbox', 'ls', '-s', 'running,paused', '-m', `run=${RUN_TAG}`, '-f', 'json')).stdout
  )
  assert.deepEqual(both.map((s) => s.sandboxId).sort(), [running.sandboxId, paused.sandboxId].sort())

  const table = succeeds(await e2b('sandbox', 'list', '-m', `run=${RUN_TAG}`))
  assert.match(table.stdout, new RegExp(running.sandboxId))
  assert.match(table.stdout, /Running/)
})

test('e2b sandbox info -f json describes a sandbox; an unknown one exits 1 saying it was not found', async () => {
  const sbx = await create('cli-info')
  const info = JSON.parse(succeeds(await e2b('sandbox', 'info', sbx.sandboxId, '-f', 'json')).stdout)
  assert.equal(info.sandboxId, sbx.sandboxId)
  assert.equal(info.state, 'running')
  assert.equal(info.envdVersion, '0.5.7')
  assert.deepEqual(info.metadata, meta('cli-info'))

  const pretty = succeeds(await e2b('sandbox', 'in', sbx.sandboxId))
  assert.match(pretty.stdout, new RegExp(`Sandbox info for ${sbx.sandboxId}`))

  const missing = await e2b('sandbox', 'info', NO_SUCH_ID, '-f', 'json')
  assert.equal(missing.code, 1, describe(missing))
  assert.match(missing.stderr, /wasn't found/)
})

test('e2b sandbox pause, pause again, then resume', async () => {
  const sbx = await create('cli-pause')
  assert.match(succeeds(await e2b('sandbox', 'pause', sbx.sandboxId)).stdout, /has been paused/)
  assert.equal((await sbx.getInfo()).state, 'paused')
  assert.match(succeeds(await e2b('sandbox', 'pause', sbx.sandboxId)).stdout, /is already paused/)

  assert.match(succeeds(await e2b('sandbox', 'resume', sbx.sandboxId)).stdout, /has been resumed/)
  assert.equal((await sbx.getInfo()).state, 'running')

  const missing = await e2b('sandbox', 'pause', NO_SUCH_ID)
  assert.equal(missing.code, 1, describe(missing))
  assert.match(missing.stderr, /wasn't found/)
})

test('e2b sandbox exec streams the command output and exits with its exit code', async () => {
  const sbx = await create('cli-exec')
  await sbx.files.write('/home/user/greeting.txt', 'hello from a file')

  const cat = succeeds(await e2b('sandbox', 'exec', sbx.sandboxId, 'cat', '/home/user/greeting.txt'))
  assert.equal(cat.stdout, 'hello from a file')

  const failing = await e2b('sandbox', 'exec', sbx.sandboxId, 'echo out; echo err >&2; exit 3')
  assert.equal(failing.code, 3, describe(failing))
  assert.equal(failing.stdout, 'out\n')
  assert.match(failing.stderr, /err\n/)

  const inDir = succeeds(await e2b('sandbox', 'exec', '-c', '/tmp', '-e', 'WHO=cli', sbx.sandboxId, 'echo $WHO; pwd'))
  assert.equal(inDir.stdout, 'cli\n/tmp\n')

  const background = succeeds(await e2b('sandbox', 'exec', '-b', sbx.sandboxId, 'sleep 600'))
  const pid = Number(background.stderr.trim())
  assert.ok(Number.isInteger(pid) && pid > 0, `the background pid on stderr: ${describe(background)}`)
  assert.ok((await sbx.commands.list()).some((p) => p.pid === pid), 'the background command runs on')
})

test('e2b sandbox exec resumes a paused sandbox (it connects first)', async () => {
  const sbx = await create('cli-exec-paused')
  await sbx.pause()
  const run = succeeds(await e2b('sandbox', 'exec', sbx.sandboxId, 'echo awake'))
  assert.equal(run.stdout, 'awake\n')
  assert.equal((await sbx.getInfo()).state, 'running')
})

test('e2b sandbox kill kills the named sandboxes; an unknown one is reported on stderr', async () => {
  const a = await create('cli-kill')
  const b = await create('cli-kill')
  const run = succeeds(await e2b('sandbox', 'kill', a.sandboxId, b.sandboxId))
  assert.match(run.stdout, new RegExp(`Sandbox ${a.sandboxId} has been killed`))
  assert.match(run.stdout, new RegExp(`Sandbox ${b.sandboxId} has been killed`))
  assert.equal(await Sandbox.kill(a.sandboxId, OPTS), false, 'already gone')

  const missing = await e2b('sandbox', 'kill', NO_SUCH_ID)
  assert.equal(missing.code, 0, `the CLI exits 0 and only reports it: ${describe(missing)}`)
  assert.match(missing.stderr, /wasn't found/)
})

test('e2b sandbox kill -a -m kills every running sandbox with that metadata, and only those', async () => {
  const tag = `${RUN_TAG}-all`
  const doomed = [await create('cli-kill-all', { metadata: meta('cli-kill-all', { group: tag }) }),
    await create('cli-kill-all', { metadata: meta('cli-kill-all', { group: tag }) })]
  const spared = await create('cli-kill-all')
  const run = succeeds(await e2b('sandbox', 'kill', '-a', '-m', `group=${tag}`))
  assert.match(run.stdout, /Killed 2 running sandboxes/)
  for (const sbx of doomed) assert.equal(await Sandbox.kill(sbx.sandboxId, OPTS), false)
  assert.equal((await spared.getInfo()).state, 'running')
})

test('e2b sandbox snapshot list -f json lists the snapshots of a sandbox', async () => {
  const sbx = await create('cli-snapshot')
  const snapshot = await sbx.createSnapshot()
  try {
    const listed = JSON.parse(succeeds(await e2b('sandbox', 'snapshot', 'list', sbx.sandboxId, '-f', 'json')).stdout)
    assert.deepEqual(listed.map((s) => s.snapshotId), [snapshot.snapshotId])
  } finally {
    await Sandbox.deleteSnapshot(snapshot.snapshotId, OPTS)
  }
})

test('e2b sandbox list without E2B_API_KEY (and no login) exits 1 asking for the key', async () => {
  const run = await new Promise((resolve) => {
    const env = { ...process.env, NO_UPDATE_NOTIFIER: '1', HOME: '/nonexistent-e2b-home' }
    delete env.E2B_API_KEY
    const child = execFile(E2B, ['sandbox', 'list', '-f', 'json'], { env, timeout: CLI_TIME_LIMIT_MS }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, stdout, stderr })
    )
    child.stdin.end()
  })
  assert.equal(run.code, 1, describe(run))
  assert.match(run.stderr, /E2B_API_KEY/)
})
