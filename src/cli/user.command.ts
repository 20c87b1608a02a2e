import readline from 'node:readline';
import type { Command } from 'commander';
import { createErrorFactory } from '../shared/errors.js';
import { withServices } from './context.js';

const noPassword = createErrorFactory({ code: 'auth.invalid_user' });

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline (from `echo` or a file) is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

/** Asks for a password on the terminal without echoing it. */
function prompt(question: string): Promise<string> {
  if (!process.stdin.isTTY) return Promise.reject(noPassword('No terminal to ask for a password: use --password-stdin.'));
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const out = rl as unknown as { _writeToOutput: (s: string) => void };
    process.stderr.write(question);
    out._writeToOutput = () => undefined; // mute the echo
    rl.question('', (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
  });
}

export function registerUser(program: Command): void {
  const user = program.command('user').description('manage editor accounts');
  user
    .command('add <name>')
    .description('create an editor (admin) account; the password is prompted, or read from stdin with --password-stdin')
    .option('--password-stdin', 'read the password from standard input')
    .action(async (name: string, flags: { passwordStdin?: boolean }, cmd: Command) => {
      const global = cmd.optsWithGlobals<{ data?: string }>();
      let password: string;
      if (flags.passwordStdin) password = await readStdin();
      else {
        password = await prompt(`Password for ${name}: `);
        const again = await prompt('Again: ');
        if (again !== password) throw noPassword('The two passwords differ.');
      }
      await withServices({ dataDir: global.data }, (s) => s.auth.addUser(name, password));
      process.stdout.write(`user ${name} added (admin)\n`);
    });
}
