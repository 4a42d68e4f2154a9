/** Line and column (1-based) of an offset in a text, as people look for it in an editor. */
export interface TextPosition {
  line: number;
  column: number;
}

export function textPosition(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

export const describePosition = ({ line, column }: TextPosition): string => `line ${line}, column ${column}`;
