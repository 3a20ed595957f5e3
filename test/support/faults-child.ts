// A search in its own process, to be killed from outside: argv[2] is a JSON config; every
// engine event is printed as one JSON line on stdout.
import { createOpenAIProvider } from '../../src/engine/llm';
import { resolveOptions, type SearchOptions } from '../../src/engine/options';
import { runSearch } from '../../src/engine/search';
import { ModelSource } from '../../src/engine/sources/model';

interface ChildConfig {
  baseURL: string;
  options: Partial<SearchOptions> & Pick<SearchOptions, 'workspace' | 'testCommand'>;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2]!) as ChildConfig;
  const provider = createOpenAIProvider({ baseURL: config.baseURL, apiKey: '', model: 'scripted', maxRetries: 0 });
  const result = await runSearch(resolveOptions(config.options), {
    source: new ModelSource(provider),
    onEvent: (e) => process.stdout.write(JSON.stringify(e) + '\n'),
  });
  process.stdout.write(JSON.stringify({ type: 'done', status: result.status }) + '\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
