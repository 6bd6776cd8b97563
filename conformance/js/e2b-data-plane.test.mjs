// Data-plane conformance tests in E2B's dialect: the official `e2b@2.51.0` SDK's files and commands
// APIs (public API only) against the emulator's envd, reached through E2B_SANDBOX_URL with the
// E2b-Sandbox-Id header and the access token every V2 sandbox has. With envd 0.5.7 the SDK uploads
// files as application/octet-stream. Environment: see e2b-env.mjs.

import { test } from 'node:test'
import assert from 'node:assert/strict'

import { Sandbox, CommandExitError, FileNotFoundError } from 'e2b'

import { BACKEND, OPTS, create, eventually } from './e2b-env.mjs'

const REAL_PROCESSES = BACKEND === 'docker' || BACKEND === 'podman'

// ---------------------------------------------------------------------------
// files
// ---------------------------------------------------------------------------

test('files: write then read text and bytes, relative to the home directory', async () => {
  const sbx = await create('files-write-read')
  const info = await sbx.files.write('notes/hello.txt', 'hello from the e2b SDK')
  assert.equal(info.path, '/home/user/notes/hello.txt')
  assert.equal(await sbx.files.read('/home/user/notes/hello.txt'), 'hello from the e2b SDK')

  const bytes = new Uint8Array([0, 1, 2, 250, 13, 10])
  await sbx.files.write('/tmp/data.bin', bytes)
  assert.deepEqual(await sbx.files.read('/tmp/data.bin', { format: 'bytes' }), bytes)

  await sbx.files.write('/tmp/empty.txt', '')
  assert.equal(await sbx.files.read('/tmp/empty.txt'), '')
})

test('files: write several, list, exists, getInfo, makeDir, rename and remove', async () => {
  const sbx = await create('files-manage')
  await sbx.files.write([
    { path: '/home/user/project/a.txt', data: 'A' },
    { path: '/home/user/project/sub/b.txt', data: 'BB' },
  ])
  const top = await sbx.files.list('/home/user/project')
  assert.deepEqual(top.map((e) => `${e.name}:${e.type}`).sort(), ['a.txt:file', 'sub:dir'])
  const deep = await sbx.files.list('/home/user/project', { depth: 2 })
  assert.ok(deep.some((e) => e.path === '/home/user/project/sub/b.txt'), JSON.stringify(deep.map((e) => e.path)))

  assert.equal(await sbx.files.exists('/home/user/project/a.txt'), true)
  assert.equal(await sbx.files.exists('/home/user/project/none.txt'), false)
  assert.equal((await sbx.files.getInfo('/home/user/project/sub/b.txt')).size, 2)

  assert.equal(await sbx.files.makeDir('/home/user/project/new'), true)
  assert.equal(await sbx.files.makeDir('/home/user/project/new'), false)

  const moved = await sbx.files.rename('/home/user/project/a.txt', '/home/user/project/new/a.txt')
  assert.equal(moved.path, '/home/user/project/new/a.txt')
  await sbx.files.remove('/home/user/project/sub')
  assert.equal(await sbx.files.exists('/home/user/project/sub/b.txt'), false)
  await assert.rejects(sbx.files.read('/home/user/project/sub/b.txt'), FileNotFoundError)
})

test('files: signed uploadUrl and downloadUrl work with plain fetch, without the sandbox header', async () => {
  const sbx = await create('files-signed')
  const uploadUrl = await sbx.uploadUrl('/home/user/uploaded.txt')
  assert.match(uploadUrl, /[?&]signature=v1_/)
  const form = new FormData()
  form.append('file', new Blob(['via signed url']), '/home/user/uploaded.txt')
  const upload = await fetch(uploadUrl, { method: 'POST', body: form })
  assert.equal(upload.status, 200, await upload.clone().text())
  assert.equal(await sbx.files.read('/home/user/uploaded.txt'), 'via signed url')

  const download = await fetch(await sbx.downloadUrl('/home/user/uploaded.txt', { useSignatureExpiration: 60 }))
  assert.equal(download.status, 200)
  assert.equal(await download.text(), 'via signed url')

  // Named by its header (as on the real service, where the host names it), a wrongly signed link is refused.
  const forged = new URL(await sbx.downloadUrl('/home/user/uploaded.txt'))
  forged.searchParams.set('signature', 'v1_wrong')
  assert.equal((await fetch(forged, { headers: { 'E2b-Sandbox-Id': sbx.sandboxId } })).status, 401, 'a wrong signature is refused')
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
  // The pause makes the order observable: stdout and stderr are separate pipes.
  await sbx.commands.run('echo one && sleep 0.5 && echo two >&2', {
    onStdout: (d) => chunks.push(`out:${d}`),
    onStderr: (d) => chunks.push(`err:${d}`),
  })
  assert.deepEqual(chunks, ['out:one\n', 'err:two\n'])
})

test('commands: a non-zero exit is a CommandExitError carrying the result', async () => {
  const sbx = await create('cmd-exit')
  await assert.rejects(sbx.commands.run('echo partial; ls /no/such/dir; exit 3'), (err) => {
    assert.ok(err instanceof CommandExitError, `got ${err}`)
    assert.equal(err.exitCode, 3)
    assert.equal(err.stdout, 'partial\n')
    assert.match(err.stderr, /No such file or directory/)
    return true
  })
  await assert.rejects(sbx.commands.run('train-model --epochs 3'), (err) => {
    assert.ok(err instanceof CommandExitError)
    assert.equal(err.exitCode, 127)
    assert.match(err.stderr, REAL_PROCESSES ? /command not found/ : /stub/)
    return true
  })
})

test('commands: a background process is listed, takes stdin, and can be killed', async () => {
  const sbx = await create('cmd-background')
  const reader = await sbx.commands.run('head -n 1', { background: true, stdin: true })
  assert.ok(reader.pid > 0)
  await sbx.commands.sendStdin(reader.pid, 'typed line\n')
  assert.equal((await reader.wait()).stdout, 'typed line\n')

  const sleeper = await sbx.commands.run('sleep 600', { background: true })
  assert.ok((await sbx.commands.list()).some((p) => p.pid === sleeper.pid), 'the sleeper is listed')
  assert.equal(await sbx.commands.kill(sleeper.pid), true)
  await assert.rejects(sleeper.wait(), CommandExitError)
  assert.equal(await sbx.commands.kill(sleeper.pid), false)
})

test('commands: connect to a background process after disconnecting sees its output and its end', async () => {
  const sbx = await create('cmd-connect')
  const bg = await sbx.commands.run('echo started; sleep 1; echo finished', { background: true })
  await eventually(() => bg.stdout.includes('started'), 5_000, 'the first line')
  await bg.disconnect()

  const again = await sbx.commands.connect(bg.pid)
  const result = await again.wait()
  assert.equal(result.exitCode, 0)
  assert.match(result.stdout, /finished\n$/)
})

test('commands and files reach a sandbox resumed by Sandbox.connect, through a new Sandbox instance', async () => {
  const sbx = await create('data-after-resume')
  await sbx.files.write('/home/user/before.txt', 'paused with me')
  await sbx.pause()
  const resumed = await Sandbox.connect(sbx.sandboxId, OPTS)
  assert.equal((await resumed.commands.run('cat /home/user/before.txt')).stdout, 'paused with me')
})
