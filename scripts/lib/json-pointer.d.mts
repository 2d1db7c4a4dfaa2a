// Types of json-pointer.mjs for the tests.

export type JsonObject = Record<string, unknown>;

export declare function isJsonObject(value: unknown): value is JsonObject;
export declare function escapeSegment(segment: string): string;
export declare function toPointer(segments: readonly (string | number)[]): string;
export declare function parsePointer(pointer: string): string[];
export declare function childOf(value: unknown, segment: string): unknown;
export declare function valueAt(root: unknown, pointer: string): unknown;
export declare function refToPointer(ref: string): string | undefined;
export declare function valueAtRef(root: unknown, ref: string): unknown;
