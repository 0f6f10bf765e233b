// `vendor-apis verify <vendor> --base-url <url> [--include-writes id,…] [--fixtures f.yaml]
// [--report dir] [--rate n] [--record dir]` (and `npm run verify`): checks a live API against its spec. Prints the
// plan, then one row per operation; exit 0 when nothing deviated, 1 on a deviation, 2 on bad
// usage, 3 when too little could be checked (nothing, or over half unavailable; --allow-unavailable accepts it). Credentials come from environment variables (see the README) and are never printed.
import { loadGeneratedClient } from '../../spec/generated-client.js';
import { loadBundle } from '../../spec/openapi.js';
import { UsageError } from '../../spec/project.js';
import { textTable } from '../../spec/vendor-summary.js';
import { credentialVariables } from '../verify/credentials.js';
import { parseVerifyOptions, verifyUsage } from '../verify/options.js';
import { checkReportDir, reportTable, uncheckedVerdict, writeReports } from '../verify/report.js';
import { verify } from '../verify/run.js';

export async function verifyCommand(argv: string[], program: string): Promise<void> {
  const options = parseVerifyOptions(argv, program);
  if (options === 'help') return void console.log(verifyUsage(program));
  loadBundle(options.vendor.bundlePath); // one line for a missing or broken bundle, before anything else
  if (options.report) checkReportDir(options.report);
  const { descriptor } = await loadGeneratedClient(options.vendor);
  const variables = credentialVariables(options.vendor.name, descriptor.auth).map((v) => v.env).join(', ');
  const run = await verify(options, {
    onPlan: (plan) => {
      console.log(`Plan: ${options.vendor.name} against ${new URL(options.baseUrl).origin} (credentials from ${variables}; at most ${options.rate} requests/s)\n`);
      console.log(textTable(['operation', 'request', 'plan'], plan.map((p) => [p.op.operationId, `${p.op.method.toUpperCase()} ${p.op.key}`, `${p.run ? 'runs' : 'skipped'}: ${p.why}`])));
      console.log('');
    },
  });
  console.log(run.scrub(reportTable(run.report)));
  if (options.report) console.log(`\nReports: ${writeReports(run.report, options.report, run.scrub).join(', ')}`);
  if (run.recorded.length) {
    console.log(`\nRecorded ${run.recorded.length} observed bodies as candidate examples in ${options.record} (review them: they may hold personal data).`);
  }
  const unchecked = uncheckedVerdict(run.report);
  if (run.report.summary.deviated > 0) process.exitCode = 1;
  else if (unchecked && !options.allowUnavailable) {
    console.error(`${run.scrub(unchecked)} Check --base-url and that the API is up; --allow-unavailable accepts such a run.`);
    process.exitCode = 3;
  } else process.exitCode = 0;
}
