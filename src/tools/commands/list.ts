// `vendor-apis list`: each vendor with its operation count, auth, default base URL and mock port.
import { FIRST_MOCK_PORT } from '../ports.js';
import { listVendors, UsageError } from '../../spec/project.js';
import { summarizeVendor, textTable } from '../../spec/vendor-summary.js';

export async function listCommand(argv: string[], program: string): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return void console.log(`Usage: ${program}`);
  if (argv.length) throw new UsageError(`${program} takes no arguments (got ${argv.join(' ')}).`, 2);
  const rows = listVendors().map((vendor, i) => {
    const s = summarizeVendor(vendor);
    return [vendor.name, `${s.operations}${s.webhooks ? ` + ${s.webhooks} webhook${s.webhooks > 1 ? 's' : ''}` : ''}`, s.auth.replace(/`/g, ''), s.baseUrl, String(FIRST_MOCK_PORT + i)];
  });
  console.log(textTable(['vendor', 'operations', 'auth', 'default base URL', 'mock port'], rows));
}
