// Prints, at the end of `vitest run`, a plain `N passed, N failed` line and, per vendor: operations, examples checked and negative
// cases, counted from the test names of contract.test.ts (the suites are named "<vendor> contract").
import type { Reporter, TestModule } from 'vitest/node';

interface Tally {
  operations: number;
  examples: number;
  negatives: number;
  failed: number;
}

export default class ContractSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const tallies = new Map<string, Tally>();
    const states = { passed: 0, failed: 0, skipped: 0 };
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed' || state === 'failed' || state === 'skipped') states[state]++;
        const suite = test.parent.type === 'suite' ? test.parent.name : '';
        const vendor = /^(\S+) contract$/.exec(suite)?.[1];
        if (!vendor) continue;
        const tally = tallies.get(vendor) ?? { operations: 0, examples: 0, negatives: 0, failed: 0 };
        const name = test.name;
        const covered = /^covers (\d+) operations$/.exec(name);
        if (covered) tally.operations = Number(covered[1]);
        else if (/^Ajv rejects|→ 401$|→ 4xx naming the field$/.test(name)) tally.negatives++;
        else if (/ → \d{3} ("|\(no content\))| is accepted$| validates against the webhook schema$/.test(name)) tally.examples++;
        if (test.result().state === 'failed') tally.failed++;
        tallies.set(vendor, tally);
      }
    }
    // A plain closing line that any CI log reader understands.
    const closing = `vitest: ${states.passed} passed, ${states.failed} failed, ${states.skipped} skipped`;
    if (tallies.size === 0) {
      console.log(closing);
      return;
    }
    const rows = [...tallies].map(([vendor, t]) => [vendor, String(t.operations), String(t.examples), String(t.negatives), String(t.failed)]);
    const header = ['vendor', 'operations', 'examples checked', 'negative cases', 'failed'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
    console.log(`\nContract coverage\n${line(header)}\n${rows.map(line).join('\n')}\n\n${closing}`);
  }
}
