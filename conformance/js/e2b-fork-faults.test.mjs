// Per-slot fork errors, as the official `e2b@2.51.0` SDK surfaces them: `Sandbox.fork` answers one
// entry per requested fork, a Sandbox or an Error (Promise.allSettled-style), from a 201 whose
// array holds {"sandbox": ...} or {"error": {code, message}} per slot.
//
// This file needs an emulator with a planted fault: the second copy attempted from the start of
// the run fails (`emulator.faults().failNthClone(2)`). The standalone jar has no fault API, so
// cli's E2bForkFaultsIT starts the emulator in-process, plants the fault and runs this file with
// `npm run test:e2b-fork-faults`. Against an emulator without the fault it fails. Environment: see
// e2b-env.mjs.

import { test } from 'node:test'
import assert from 'node:assert/strict'

import { Sandbox, SandboxError } from 'e2b'

import { OPTS, SANDBOX_ID, create, track } from './e2b-env.mjs'

test('fork of 3 whose second copy fails answers [Sandbox, SandboxError, Sandbox]; the two forks work and keep the parent files', async () => {
  const parent = await create('fork-faults')
  await parent.files.write('/home/user/state.txt', 'before fork')

  const slots = await Sandbox.fork(parent.sandboxId, { ...OPTS, count: 3 })

  assert.equal(slots.length, 3, 'one entry per requested fork, in request order')
  const [first, second, third] = slots
  for (const [slot, fork] of [[1, first], [3, third]]) {
    assert.ok(fork instanceof Sandbox, `slot ${slot} is a Sandbox, got ${fork}`)
    track(fork)
  }
  assert.ok(!(second instanceof Sandbox), 'slot 2 is not a sandbox')
  assert.ok(second instanceof SandboxError, `slot 2 is a SandboxError, got ${second?.constructor?.name}: ${second}`)
  assert.equal(second.statusCode, 500, `a failed restore is a 500 in its slot: ${second.message}`)
  assert.match(second.message, /^500: .*injected clone failure/)

  assert.notEqual(first.sandboxId, third.sandboxId)
  for (const fork of [first, third]) {
    assert.match(fork.sandboxId, SANDBOX_ID)
    assert.equal((await fork.getInfo()).state, 'running')
    assert.equal(await fork.files.read('/home/user/state.txt'), 'before fork')
    assert.equal((await fork.commands.run('echo alive')).stdout, 'alive\n')
  }
  assert.equal((await parent.getInfo()).state, 'running', 'the parent runs on')

  const listed = (await Sandbox.list({ ...OPTS }).nextItems()).map((s) => s.sandboxId).sort()
  assert.deepEqual(listed, [parent.sandboxId, first.sandboxId, third.sandboxId].sort(), 'the failed slot left no sandbox behind')
})
