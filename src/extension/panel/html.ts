// The tree webview's page: a strict CSP, resources only from dist/ and media/, one nonce'd script.
import { randomBytes } from 'node:crypto';
import type { Uri, Webview } from 'vscode';
import * as vscode from 'vscode';

export function resourceRoots(extensionUri: Uri): Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
}

export function treeHtml(webview: Webview, extensionUri: Uri): string {
  const nonce = randomBytes(18).toString('base64');
  const asset = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...path)).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  const title = vscode.l10n.t('Reasoning Tree');
  return `<!DOCTYPE html>
<html lang="${vscode.env.language || 'en'}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset('dist', 'webview.css')}">
<title>${title}</title>
</head>
<body>
<div id="app" data-loading="true"></div>
<script nonce="${nonce}" src="${asset('dist', 'webview.js')}"></script>
</body>
</html>`;
}
