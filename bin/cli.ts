/** The livetwin command line (DESIGN.md, "User-facing contract"). */
import { Command, CommanderError, Option } from 'commander';
import { ScenarioError } from '../scenarios/problems.ts';
import { EXIT, UsageError } from './exit.ts';
import { runCommand } from './commands/run.ts';
import { schemaCommand, validateCommand } from './commands/validate.ts';
import { benchCommand } from './commands/bench.ts';
import { startCommand } from './commands/start.ts';
import { vizCommand } from '../viz/command.ts';
import { realCommand } from './commands/real.ts';
import { compareCommand } from './commands/compare.ts';

const collect = (v: string, prev: string[] = []) => [...prev, v];

// `livetwin schema | head` closes our stdout early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const program = new Command()
  .name('livetwin')
  .description('A digital twin of a live-event streaming platform: simulate at full scale, rehearse for real.')
  .exitOverride()
  .showHelpAfterError('(run livetwin --help for usage)');

program
  .command('run')
  .description('simulate a scenario (default: the tour scenario) and write its run directory')
  .argument('[scenario]', 'scenario file, or a preset name from scenarios/')
  .option('--seed <n>', 'override the scenario seed')
  .option('--out <dir>', 'run directory (default runs/<scenario>-<seed>)')
  .option('--set <path=value>', 'override a scenario field, e.g. --set duration=90s (repeatable)', collect)
  .option('--json', 'print summary.json on stdout')
  .option('--quiet', 'no progress or report')
  .action(async (scenario, flags) => {
    process.exitCode = (await runCommand(scenario, flags)).code;
  });

program
  .command('real')
  .description('run a scenario for real on this machine (HTTP control plane, HTTP players), scaled down')
  .argument('<scenario>', 'scenario file, or a preset name from scenarios/')
  .option('--duration <s>', 'run for this many seconds (default: the scenario\'s duration)')
  .option('--scale <k>', 'divide audience and capacities by k (default 1)')
  .option('--out <dir>', 'run directory (default runs/<scenario>-<seed>-real)')
  .option('--seed <n>', 'override the scenario seed')
  .option('--set <path=value>', 'override a scenario field, as for run (repeatable)', collect)
  .option('--threads <n>', 'player threads (default: cores less one, at least 1)')
  .addOption(new Option('--speed <x>', 'clock speed factor (1 = real time)').hideHelp())
  .option('--json', 'print summary.json on stdout')
  .option('--quiet', 'no progress or report')
  .action(async (scenario, flags) => {
    process.exitCode = (await realCommand(scenario, flags)).code;
  });

program
  .command('compare')
  .description('hold two runs side by side: each metric, both values, the difference and its verdict')
  .argument('<runDirA>', 'the reference run (e.g. the simulation)')
  .argument('<runDirB>', 'the run held against it (e.g. the real run)')
  .option('--json', 'print the comparison as JSON')
  .action((a, b, flags) => {
    process.exitCode = compareCommand(a, b, flags);
  });

program
  .command('validate')
  .description('check a scenario file and list the metrics its SLOs may name')
  .argument('<scenario>')
  .option('--set <path=value>', 'override a field before checking (repeatable)', collect)
  .action((scenario, flags) => {
    process.exitCode = validateCommand(scenario, flags);
  });

program
  .command('schema')
  .description('print the scenario JSON Schema (for editor completion)')
  .action(() => {
    process.exitCode = schemaCommand();
  });

program
  .command('bench')
  .description('run a benchmark and print its figures')
  .argument('[name]', 'benchmark name (default: all)')
  .option('--json', 'print one JSON object per benchmark')
  .option('--set <path=value>', "override a field of the delivery bench's scenario, e.g. --set topology.cdn.edgesPerSite=1 (repeatable)", collect)
  .action(async (name, flags) => {
    process.exitCode = await benchCommand(name, flags);
  });

program
  .command('viz')
  .description('serve the timeline viewer for one or more run directories (two or more: compared)')
  .argument('<runDir...>')
  .option('--port <n>', 'port (default: a free one)')
  .option('--host <addr>', 'address to bind', '127.0.0.1')
  .option('--export <file>', 'write one self-contained HTML file instead of serving')
  .action(async (runDirs, flags) => {
    process.exitCode = await vizCommand(runDirs, flags);
  });

program
  .command('start')
  .description('the first look: run the default scenario, then serve its timeline viewer')
  .option('--no-serve', 'stop after the run instead of serving the viewer')
  .addOption(new Option('--quiet').hideHelp())
  .action(async (flags) => {
    process.exitCode = await startCommand(flags);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : EXIT.badInput;
  } else if (e instanceof ScenarioError || e instanceof UsageError) {
    console.error(e.message);
    process.exitCode = EXIT.badInput;
  } else {
    throw e;
  }
}
