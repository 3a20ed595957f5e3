// The test command runs model-written code: it gets the user's environment minus anything
// that would let that code act as the user elsewhere (API keys, tokens, cloud credentials, agents).

const SECRET_NAMES: RegExp[] = [
  /(?:^|_)(?:API_?)?KEYS?(?:_|$)/, // *_KEY, *_API_KEY, *_KEY_ID
  /APIKEY/,
  /TOKEN/,
  /SECRET/,
  /PASSWORD/,
  /PASSWD/,
  /(?:^|_)PASS(?:_|$)/,
  /CREDENTIAL/,
  /PRIVATE/,
  /(?:^|_)AUTH(?:_|$)/, // NPM_CONFIG__AUTH, SSH_AUTH_SOCK: the ssh agent signs for the user
  /(?:^|_)PAT$/,
  /^DBUS_SESSION_BUS_ADDRESS$/, // the desktop keyring answers on this bus
  /COOKIE/,
  /^(?:AWS|AZURE|ARM|GCP|GCLOUD|GOOGLE|GH|GITHUB|GITLAB|NPM|YARN_NPM|DOCKER|HEROKU|VERCEL|NETLIFY|CLOUDFLARE|DIGITALOCEAN|SENTRY|SLACK|STRIPE|TWILIO)_(?:.*_)?(?:AUTH|TOKEN|KEY|SECRET|PASSWORD|CREDENTIALS?|ACCESS)/,
  /^(?:AWS|AZURE|GH)_/,
  /^(?:OPENAI|ANTHROPIC|CLAUDE|GEMINI|MISTRAL|COHERE|GROQ|OPENROUTER|DEEPSEEK|TOGETHER|FIREWORKS|PERPLEXITY|XAI|REPLICATE|VOYAGE)_/,
  /^GOOGLE_APPLICATION_CREDENTIALS$/,
  /^GPG_AGENT_INFO$/,
];

// Values that are credentials whatever their variable is called.
const SECRET_VALUES: RegExp[] = [
  /^sk-[A-Za-z0-9_-]{16,}/, // OpenAI, Anthropic (sk-ant-), DeepSeek and friends
  /^gh[pousr]_[A-Za-z0-9]{30,}/,
  /^github_pat_[A-Za-z0-9_]{30,}/,
  /^glpat-[A-Za-z0-9_-]{20,}/,
  /^npm_[A-Za-z0-9]{30,}/,
  /^xox[abprs]-[A-Za-z0-9-]{10,}/,
  /^AKIA[0-9A-Z]{16}$/,
  /^AIza[0-9A-Za-z_-]{35}$/,
  /^hf_[A-Za-z0-9]{30,}/,
  /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i, // a URL with a password in it
];

// Shorter secrets would match by accident inside ordinary values.
const MIN_CONTAINED_SECRET = 8;

export interface ScrubOptions {
  /** Names kept even though they look like credentials (the user asked for them). */
  allow?: string[];
  /** Exact secret values (the API key in use): any variable holding one is dropped, allowed or not. */
  secretValues?: string[];
}

/** Copy of env without secrets; see ScrubOptions for what the caller can add. */
export function scrubEnv(env: NodeJS.ProcessEnv, opts: ScrubOptions = {}): NodeJS.ProcessEnv {
  const allow = new Set((opts.allow ?? []).map((n) => n.toUpperCase()));
  const secrets = (opts.secretValues ?? []).filter((s) => s !== '');
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue;
    if (holdsSecret(value, secrets)) continue;
    if (!allow.has(name.toUpperCase()) && looksSecret(name, value)) continue;
    out[name] = value;
  }
  return out;
}

function looksSecret(name: string, value: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_NAMES.some((re) => re.test(upper)) || SECRET_VALUES.some((re) => re.test(value.trim()));
}

function holdsSecret(value: string, secrets: string[]): boolean {
  return secrets.some((s) => value === s || (s.length >= MIN_CONTAINED_SECRET && value.includes(s)));
}
