// Names other programs know the tool by; kept free of imports so the extension's activation can use them.

export const TOOL_NAME = 'solve_with_search';
