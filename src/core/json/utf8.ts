/**
 * Request bytes → text, refusing invalid UTF-8. `Buffer.toString` would turn each bad byte into
 * U+FFFD and the catalog would silently store text nobody wrote.
 */
import { isUtf8 } from "node:buffer";
import { textPosition, type TextPosition } from "./textPosition.js";

export type DecodedText = { ok: true; text: string } | { ok: false; byteOffset: number; position: TextPosition };

export function decodeUtf8(bytes: Buffer): DecodedText {
  const text = bytes.toString("utf8");
  if (isUtf8(bytes)) return { ok: true, text };
  const index = firstInvalidCharacter(bytes, text);
  return { ok: false, byteOffset: Buffer.byteLength(text.slice(0, index)), position: textPosition(text, index) };
}

/**
 * The index of the first U+FFFD decoded from bad bytes. Every character before it is what the
 * sender wrote, so its byte offset is the UTF-8 length of the text before it; a U+FFFD the sender
 * did write (bytes EF BF BD) is skipped.
 */
function firstInvalidCharacter(bytes: Buffer, text: string): number {
  let offset = 0;
  let counted = 0;
  for (let index = text.indexOf("\uFFFD"); index !== -1; index = text.indexOf("\uFFFD", index + 1)) {
    offset += Buffer.byteLength(text.slice(counted, index));
    counted = index;
    if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return index;
  }
  return text.length;
}
