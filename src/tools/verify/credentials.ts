// Credentials for commands that talk to a real API (verify): read from environment variables
// named after the vendor and the spec's credential options (`x-client-credentials`), e.g.
// GROUPBOSS_API_KEY, or MOBILIZE_API_KEY plus MOBILIZE_API_SECRET. Never from the command line,
// where they would land in shell history and process lists.
import { credentialHeaders, type CredentialScheme } from '../../client/auth.js';
import { UsageError } from '../../spec/project.js';

export interface CredentialVariable {
  option: string;
  env: string;
}

export function credentialVariables(vendor: string, auth: CredentialScheme): CredentialVariable[] {
  const constant = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
  return auth.options.map((option) => ({ option, env: `${constant(vendor)}_${constant(option)}` }));
}

/** The client options and every secret string derived from them (for scrubbing output). */
export function readCredentials(vendor: string, auth: CredentialScheme, env: NodeJS.ProcessEnv = process.env, exitCode = 2) {
  const variables = credentialVariables(vendor, auth);
  const missing = variables.filter((v) => !env[v.env]?.trim());
  if (missing.length) {
    throw new UsageError(`Set ${missing.map((v) => v.env).join(' and ')} to your ${vendor} credential${variables.length > 1 ? 's' : ''} (${variables.map((v) => v.env).join(', ')}).`, exitCode);
  }
  const options = Object.fromEntries(variables.map((v) => [v.option, env[v.env]!]));
  const headers = credentialHeaders(auth, options, vendor);
  const secrets = [...Object.values(options), ...Object.values(headers), ...Object.values(headers).map((h) => h.replace(/^(Basic|Bearer) /, ''))];
  return { options, headerNames: Object.keys(headers), secrets: [...new Set(secrets)].filter((s) => s.length >= 4) };
}

/** Replaces every secret in a text with `***`: the last guard before anything is printed or written. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('***');
  return out;
}
