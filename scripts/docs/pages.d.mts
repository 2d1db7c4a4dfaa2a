// Types of pages.mjs for its unit tests.

export declare const HEADER_HEIGHT: number;
export declare function renderMarkdown(markdown: string, afterHeading?: (anchor: string) => string): string;
export declare function isSafeUrl(href: string): boolean;
export declare function escapeHtml(text: unknown): string;
