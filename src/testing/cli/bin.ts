// The conomy-mock executable: the command (main.ts) on this process's arguments and output, until
// SIGINT or SIGTERM. The package ships it bundled into one file, dist/conomy-mock.js (lib/command-bundle.mjs).
import { main } from './main.js';

const stop = new Promise((resolve) => {
  process.once('SIGINT', resolve);
  process.once('SIGTERM', resolve);
});
const output = {
  stdout: (text: string) => void process.stdout.write(text),
  stderr: (text: string) => void process.stderr.write(text),
};

main(process.argv.slice(2), output, stop).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`conomy-mock: failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
