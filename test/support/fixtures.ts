// Reading the captured fixtures under fixtures/ (unchanged copies; see fixtures/SOURCES.md).

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const projectRoot = fileURLToPath(new URL("../..", import.meta.url));

/** A fixture as latin1 text (one char per byte), the way the /proc reader reads tables. */
export function fixture(path: string): string {
  return readFileSync(`${projectRoot}fixtures/${path}`, "latin1");
}

/** A captured output split into lines (without their "\n"); the text must end in "\n". */
export function fixtureLines(path: string): string[] {
  const text = fixture(path);
  if (!text.endsWith("\n")) throw new Error(`${path} does not end in a newline`);
  return text.slice(0, -1).split("\n");
}
