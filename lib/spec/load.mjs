// @ts-check
// Reading an OpenAPI document from YAML (or JSON, which is YAML), with errors that name the file.
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { isJsonObject } from './json-pointer.mjs';

/**
 * The document in `text`; throws when it is not YAML or has no `paths` object.
 * @param {string} text
 * @param {string} file where the text comes from, for errors
 * @returns {import('./json-pointer.mjs').JsonObject}
 */
export function parseSpec(text, file) {
  /** @type {unknown} */
  let document;
  try {
    document = parse(text);
  } catch (error) {
    throw new Error(`OpenAPI document ${file} is not valid YAML: ${/** @type {Error} */ (error).message}`);
  }
  if (!isJsonObject(document) || !isJsonObject(document.paths)) throw new Error(`OpenAPI document ${file} has no "paths" object`);
  return document;
}

/**
 * The document in `file`; throws when it does not exist or parseSpec refuses it.
 * @param {string} file
 * @returns {import('./json-pointer.mjs').JsonObject}
 */
export function readSpec(file) {
  if (!existsSync(file)) throw new Error(`OpenAPI document not found: ${file}`);
  return parseSpec(readFileSync(file, 'utf8'), file);
}
