// Types of drift-page.mjs for its unit tests.

export declare function driftPage(
  driftPath: string,
  layout: { project: string; specTitle: string; specVersion: string },
): Promise<string>;
