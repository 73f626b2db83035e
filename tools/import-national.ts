import 'reflect-metadata';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { runMigrations } from '../src/db/migrate';
import { parseDecision } from '../src/importer/import-decision';
import { NationalImport, type ImportEvent, type PackageResult } from '../src/importer/national-import.service';

/**
 * `npm run import:national -- FILE... [--dry-run] [--full] [--decision "number|date|issuer"] [--report FILE]`:
 * imports national procedure packages (a JSON array, NDJSON or the portal's wrapper, any size) into
 * the catalogue through the catalogue writer, with a progress bar on a terminal (plain lines
 * otherwise), a summary, and a JSON report of every package (default
 * `national-import-<time>.json`). Several files are read as one input, in order; the packages'
 * indexes count across them. Same database settings as `npm start`.
 */
const USAGE =
  'usage: npm run import:national -- FILE... [--dry-run] [--full] [--decision "number|date|issuer"] [--report FILE]\n' +
  '  --dry-run  print what would be created, amended and removed; write nothing\n' +
  '  --full     the files are the whole list: local procedures missing from them are removed\n' +
  '  --decision the act the changes are made under, e.g. "1234/QĐ-UBND|15/03/2025|Chủ tịch UBND tỉnh"; its date is when they take effect';

interface Arguments {
  files: string[];
  dryRun: boolean;
  full: boolean;
  decision: string | null;
  report: string;
}

function parseArguments(argv: string[]): Arguments {
  const parsed: Arguments = {
    files: [],
    dryRun: false,
    full: false,
    decision: null,
    report: `national-import-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
  };
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--dry-run') parsed.dryRun = true;
    else if (argument === '--full') parsed.full = true;
    else if (argument === '--decision' && argv[i + 1] !== undefined) parsed.decision = argv[++i];
    else if (argument === '--report' && argv[i + 1] !== undefined) parsed.report = argv[++i];
    else if (argument.startsWith('--')) throw new Error(USAGE);
    else parsed.files.push(argument);
  }
  if (parsed.files.length === 0) throw new Error(USAGE);
  return parsed;
}

/** The files one after another, counting the bytes read for the progress bar. */
async function* filesOf(paths: string[], onBytes: (bytes: number) => void): AsyncGenerator<Buffer> {
  for (const path of paths) {
    for await (const chunk of createReadStream(path)) {
      onBytes((chunk as Buffer).length);
      yield chunk as Buffer;
    }
    // NDJSON files whose last line has no newline must not run into the next file's first package.
    yield Buffer.from('\n');
  }
}

/** Progress on stderr: a bar on a terminal, a line a chunk otherwise (CI logs, pipes). */
function progressOf(totalBytes: number) {
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: 'import {bar} {percentage}% | {packages} packages | {rate} packages/s', stream: process.stderr })
    : null;
  bar?.start(totalBytes, 0, { packages: 0, rate: 0 });
  let read = 0;
  return {
    bytes: (bytes: number) => (read += bytes),
    packages(packages: number, seconds: number) {
      const rate = Math.round(packages / Math.max(seconds, 0.001));
      if (bar) bar.update(read, { packages, rate });
      else
        process.stderr.write(
          `import: ${packages} packages, ${Math.round((100 * read) / Math.max(totalBytes, 1))}% of ${totalBytes} bytes, ${rate} packages/s\n`,
        );
    },
    stop: () => bar?.stop(),
  };
}

const line = (result: PackageResult) =>
  `  [${result.index}] ${result.code ?? '(no code)'} ${result.outcome}` +
  (result.changedFields?.length ? `: ${result.changedFields.join(', ')}` : '') +
  (result.problems ? `\n${result.problems.map((p) => `      ${p}`).join('\n')}` : '');

async function run(): Promise<void> {
  const args = parseArguments(process.argv.slice(2));
  const decision = args.decision === null ? null : parseDecision(args.decision);
  const totalBytes = args.files.reduce((sum, path) => sum + statSync(path).size, 0);
  const database = await openDatabase(loadConfig(), () => undefined, { joinRunning: true });
  const report = createWriteStream(args.report);
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => (report.write(text) ? resolve() : report.once('drain', resolve).once('error', reject)));
  const progress = progressOf(totalBytes);
  const started = Date.now();
  let seen = 0;
  let done: Extract<ImportEvent, { kind: 'done' }> | null = null;
  let removals: Extract<ImportEvent, { kind: 'removals' }> | null = null;
  const listed: string[] = [];
  try {
    await runMigrations(database.dataSource);
    const importer = new NationalImport(database.openRoles().catalogue);
    await write(`{"files":${JSON.stringify(args.files)},"dryRun":${args.dryRun},"full":${args.full},"decision":${JSON.stringify(decision)},"packages":[`);
    const author = { origin: 'IMPORT' as const, name: 'npm run import:national', keyId: null, agencyCode: null };
    for await (const event of importer.run(filesOf(args.files, progress.bytes), { dryRun: args.dryRun, full: args.full, decision, author })) {
      if (event.kind === 'packages') {
        for (const result of event.results) {
          await write(`${seen++ ? ',' : ''}\n${JSON.stringify(result)}`);
          if (result.outcome !== 'UNCHANGED' && listed.length < 200) listed.push(line(result));
        }
        progress.packages(seen, (Date.now() - started) / 1000);
      } else if (event.kind === 'removals') removals = event;
      else done = event;
    }
    await write(
      `\n],"removed":${JSON.stringify(removals?.codes ?? [])},"removalsSkipped":${JSON.stringify(removals?.skipped ?? null)},"summary":${JSON.stringify(done)}}\n`,
    );
  } finally {
    progress.stop();
    await new Promise((resolve) => report.end(resolve));
    await database.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const t = done!.totals;
  const out = process.stdout;
  if (listed.length) out.write(`${args.dryRun ? 'Would change' : 'Changed'} or refused (first ${listed.length}):\n${listed.join('\n')}\n`);
  if (removals) {
    if (removals.skipped) out.write(`${removals.skipped}\n`);
    else
      out.write(
        `${args.dryRun ? 'Would remove' : 'Removed'} ${removals.codes.length} local procedures missing from the input${removals.codes.length ? `: ${removals.codes.slice(0, 50).join(', ')}${removals.codes.length > 50 ? ', …' : ''}` : ''}\n`,
      );
  }
  out.write(
    `${args.dryRun ? 'Dry run (nothing written)' : 'Imported'}: ${t.packages} packages in ${seconds.toFixed(1)} s (${Math.round(t.packages / Math.max(seconds, 0.001))}/s): ` +
      `${t.created} created, ${t.amended} amended, ${t.restored} restored, ${t.unchanged} unchanged, ${t.skipped} skipped, ${t.invalid} invalid, ${t.removed} removed; ` +
      `catalogue version ${done!.catalogueVersion}; peak memory ${Math.round(process.resourceUsage().maxRSS / 1024)} MB. Report: ${args.report}\n`,
  );
  if (done!.failure) out.write(`The input could not be read to its end: ${done!.failure}\n`);
  process.exitCode = done!.failure || t.invalid ? 2 : 0;
}

run().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
