// Where the tools may listen and send: one rule for every command. Servers bind loopback
// unless a host is given, and an empty host is a mistake (an unset $HOST), not "every
// interface". Credentials never travel in clear: plain http only to this machine. A listen
// that fails says why in one line (busy port, unknown host, address not on this machine).
import { createServer } from 'node:net';
import { UsageError } from '../spec/project.js';

export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || hostname === '::1' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** A URL the tools send credentials to: https, or http to this machine only. */
export function checkRemoteUrl(value: string, option: string, usage = (message: string) => new UsageError(message, 2)): URL {
  if (!URL.canParse(value)) throw usage(`${option} "${value}" is not an absolute URL.`);
  const url = new URL(value);
  if (url.username || url.password) throw usage(`${option} must not carry a user name or password: pass credentials the way the command's --help says.`);
  if (url.protocol === 'https:') return url;
  if (url.protocol !== 'http:') throw usage(`${option} must be https:// (or http:// on this machine), got ${url.protocol}.`);
  if (!isLoopback(url.hostname)) {
    throw usage(`Refusing http://${url.host}: credentials would travel in clear (${option}). Use https://, or http:// only for 127.0.0.1, ::1 or localhost.`);
  }
  return url;
}

/** The host a server binds: loopback by default; an empty string is refused. */
export function listenHost(value: string | undefined, fallback: string): string {
  if (value === undefined) return fallback;
  if (value.trim() === '') throw new UsageError(`--host is empty (an unset variable?): name the address to listen on, e.g. --host 127.0.0.1 (the default) or --host 0.0.0.0 for every interface.`, 2);
  return value.trim();
}

/** Why listening on host:port failed, in one line, with the option that changes it. */
export function listenProblem(code: string | undefined, host: string, port: number, what: string, option: string): string {
  switch (code) {
    case 'EADDRINUSE':
      return `Port ${port} on ${host} (for ${what}) is in use: stop whatever listens there (another \`npm run mock\` or \`npm start\`?) or choose another with ${option}.`;
    case 'EACCES':
      return `Port ${port} on ${host} (for ${what}) needs privileges this user lacks: choose a port above 1023 with ${option}.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return `Host "${host}" (for ${what}) cannot be resolved: check --host (default 127.0.0.1).`;
    case 'EADDRNOTAVAIL':
      return `Address ${host} (for ${what}) is not an address of this machine: check --host (default 127.0.0.1; 0.0.0.0 for every interface).`;
    default:
      return `Cannot listen on ${host}:${port} (for ${what}): ${code ?? 'unknown error'}.`;
  }
}

/** Listens on host:port and closes at once: undefined when free, else the error code. */
export function probeListen(port: number, host: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    probe.listen(port, host, () => probe.close(() => resolve(undefined)));
  });
}
