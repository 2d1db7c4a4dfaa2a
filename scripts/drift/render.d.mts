// Types of render.mjs for its unit tests.

export declare function registerAnchors(registerMarkdown: string): Map<string, string>;
export declare function curlFor(exchange: {
  method: string;
  url: string;
  requestHeaders?: Record<string, string>;
  requestBody?: string;
}): string;
