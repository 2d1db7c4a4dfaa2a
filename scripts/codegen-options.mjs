// The openapi-typescript command line shared by `npm run generate` and the codegen benchmark, so the
// benchmark always times exactly what generate runs. Why each option is chosen: scripts/generate.mjs.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** [node script, ...arguments] generating `output` from openapi.yaml. */
export function codegenCommand(output) {
  return [
    join(root, 'node_modules/openapi-typescript/bin/cli.js'),
    join(root, 'openapi.yaml'),
    '--output',
    output,
    '--redocly',
    join(root, 'scripts/redocly.codegen.yaml'),
    '--root-types',
    '--root-types-no-schema-prefix',
    '--alphabetize',
  ];
}
