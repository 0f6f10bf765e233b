// Turns the credentials a user passes to a client factory into request headers. The shape
// of each vendor's credentials comes from its spec's security scheme (see
// docs/extensions.md, `x-client-credentials`); nothing here knows a vendor.

/** How one security scheme turns credential options into a header. */
export type CredentialScheme =
  /** `type: apiKey, in: header`: the key as it is, in the named header. */
  | { type: 'apiKey'; header: string; options: readonly [string] }
  /** `type: http, scheme: bearer`: `Authorization: Bearer <value>`. */
  | { type: 'bearer'; options: readonly [string] }
  /** `type: http, scheme: basic` with one option: an already Base64-encoded token. */
  | { type: 'basicToken'; options: readonly [string] }
  /** `type: http, scheme: basic` with two options: user name and password, encoded here. */
  | { type: 'basic'; options: readonly [string, string] };

/**
 * Reads and checks the credential options and returns the headers to send.
 * Throws a TypeError naming the missing option; the message never contains a credential.
 */
export function credentialHeaders(
  scheme: CredentialScheme,
  options: Record<string, unknown>,
  factoryName: string,
): Record<string, string> {
  const [first, second = ''] = scheme.options.map((name) => requireCredential(options, name, factoryName)) as [string, string?];
  switch (scheme.type) {
    case 'apiKey':
      return { [scheme.header]: first };
    case 'bearer':
      return { Authorization: `Bearer ${first}` };
    case 'basicToken':
      return { Authorization: `Basic ${first}` };
    case 'basic':
      return { Authorization: `Basic ${base64Utf8(`${first}:${second}`)}` };
  }
}

function requireCredential(options: Record<string, unknown>, name: string, factoryName: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value.trim() === '') {
    const got = value === undefined ? 'it is missing' : typeof value !== 'string' ? `got ${typeof value}` : 'got an empty string';
    throw new TypeError(
      `${factoryName}: option "${name}" is required and must be a non-empty string (${got}). ` +
        `Pass it explicitly, for example ${factoryName}({ ${name}: process.env.YOUR_${toEnvName(name)} }).`,
    );
  }
  return value;
}

/** Base64 of a UTF-8 string with web APIs only, so the runtime also works outside Node. */
function base64Utf8(text: string): string {
  return btoa(Array.from(new TextEncoder().encode(text), (byte) => String.fromCharCode(byte)).join(''));
}

function toEnvName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}
