/// <reference types="mocha" />
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS, EXTENSION_ID } from '../../../src/extension/ids';
import { requireTrust, untrustedRefusal, UntrustedWorkspaceError } from '../../../src/extension/trust';

describe('extension', () => {
  it('activates', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers every command of the manifest, and the manifest names every command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    await ext.activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const ids = Object.values(COMMANDS);
    for (const id of ids) assert.ok(registered.has(id), `${id} is registered`);
    const manifest = (ext.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command).sort();
    assert.deepEqual(manifest, [...ids].sort());
  });

  it('declares that untrusted workspaces are not supported', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    assert.equal(ext.packageJSON.capabilities.untrustedWorkspaces.supported, false);
    assert.deepEqual(ext.packageJSON.activationEvents, []);
  });
});

describe('workspace trust', () => {
  it('refuses in an untrusted workspace and says how to trust it', () => {
    const refusal = untrustedRefusal(false);
    assert.ok(refusal);
    assert.match(refusal, /trust/i);
    assert.throws(() => requireTrust(false), (e: unknown) => e instanceof UntrustedWorkspaceError && e.message === refusal);
  });

  it('lets a trusted workspace through', () => {
    assert.equal(untrustedRefusal(true), undefined);
    assert.doesNotThrow(() => requireTrust(true));
  });
});
