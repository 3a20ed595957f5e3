// Activation registers commands and providers only; the engine, the panel and everything else
// load from a separate bundle (dist/runtime.js) the first time a command runs.
import * as vscode from 'vscode';
import { SolveCodeActions } from './codeActions';
import { CHAT_PARTICIPANT_ID, COMMANDS, REVIEW_SCHEME, TREE_VIEW_TYPE, type CommandId } from './ids';
import type { Runtime } from './runtime';
import { registerAgentSurfaces } from './tools/register';

let runtime: Promise<Runtime> | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const load = (): Promise<Runtime> => {
    runtime ??= import('./runtime').then(
      ({ createRuntime }) => {
        const r = createRuntime(context);
        context.subscriptions.push(r);
        return r;
      },
      (e: unknown) => {
        // Let the next command try again rather than fail forever.
        runtime = undefined;
        throw e;
      },
    );
    return runtime;
  };

  for (const command of Object.values(COMMANDS) as CommandId[]) {
    context.subscriptions.push(vscode.commands.registerCommand(command, async (...args: unknown[]) => (await load()).run(command, args)));
  }

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(REVIEW_SCHEME, {
      provideTextDocumentContent: async (uri) => (await load()).documents.provideTextDocumentContent(uri),
    }),
    vscode.window.registerWebviewPanelSerializer(TREE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => (await load()).panels.deserializeWebviewPanel(panel, state as never),
    }),
    vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, new SolveCodeActions(), { providedCodeActionKinds: SolveCodeActions.kinds }),
  );
  context.subscriptions.push(...registerAgentSurfaces(context.secrets, load));

  // Older or trimmed-down hosts have no chat.
  if (vscode.chat?.createChatParticipant) {
    const participant = vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, async (request, _context, stream, token) =>
      (await load()).chat.handle(request, stream, token),
    );
    participant.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'icon.png');
    context.subscriptions.push(participant);
  }
}

/** Releases kept snapshots (their refs) before the host goes away. */
export async function deactivate(): Promise<void> {
  const r = await runtime;
  runtime = undefined;
  await r?.shutdown();
}
