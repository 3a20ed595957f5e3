// The webview runs in a browser: DOM types for these files (the rest of the project is Node).
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
