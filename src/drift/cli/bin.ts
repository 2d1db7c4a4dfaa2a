// The conomy-drift executable: the command (main.ts) on this process's arguments, environment and
// terminal. The package ships it bundled into one file, dist/conomy-drift.js (lib/command-bundle.mjs).
import { Redactor } from '../../internal/log.js';
import { readDriftConfig } from '../config.js';
import { main } from './main.js';

const output = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
  ...(process.stdout.columns ? { columns: process.stdout.columns } : {}),
};

main(process.argv.slice(2), process.env, output).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = new Redactor(readDriftConfig(process.env).secrets).text(error instanceof Error ? error.message : String(error));
    process.stderr.write(`drift: could not run: conomy-drift failed: ${message}\n`);
    process.exitCode = 2;
  },
);
