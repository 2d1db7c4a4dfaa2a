// Types of replace-directory.mjs for its unit tests.

export declare function replaceDirectory(builtDir: string, targetDir: string): void;
