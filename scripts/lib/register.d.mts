// Types of register.mjs for the tests.

export interface RegisterEntry {
  id: string;
  title: string;
  /** GitHub's anchor for the entry's heading. */
  anchor: string;
  /** The entry's lines below its heading. */
  body: string;
  /** The JSON pointers of its Spec nodes line, as written (`#/...`). */
  specNodes: string[];
  notInSpec: boolean;
}

export declare function parseRegister(text: string): RegisterEntry[];
export declare function githubSlug(heading: string): string;
