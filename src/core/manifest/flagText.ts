/**
 * The boolean a dbt config value means when Jinja rendered it as text: `"true"`, `"False"`,
 * `"yes"`, `"0"`, or an expression dbt left unevaluated such as `"True and True"`.
 *
 * Only literals and `and` / `or` / `not` / parentheses are understood, with Python's precedence.
 * This is hand-written rather than handed to a Jinja or expression library on purpose: the text
 * comes from a posted document, and an evaluator that knows nothing but these words cannot be
 * made to run anything.
 */

const TRUE_WORDS = new Set(["true", "yes", "1"]);
const FALSE_WORDS = new Set(["false", "no", "0"]);
/** Longer text is no flag dbt rendered; it is not worth tokenizing. */
const MAX_FLAG_LENGTH = 1_000;
const TOKEN = /\s*([()]|[A-Za-z0-9]+)\s*/y;

/** The boolean `value` stands for, or undefined when it has no obvious one. */
export function readFlag(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value === 1 ? true : value === 0 ? false : undefined;
  if (typeof value !== "string" || value.length > MAX_FLAG_LENGTH) return undefined;
  const tokens = tokenize(value);
  return tokens === null || tokens.length === 0 ? undefined : evaluate(tokens);
}

function tokenize(text: string): string[] | null {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const match = TOKEN.exec(text);
    if (match === null) return null;
    tokens.push(match[1]!.toLowerCase());
  }
  return tokens;
}

/** Recursive descent over `or` > `and` > `not` > literal | ( … ); undefined when the text is anything else. */
function evaluate(tokens: readonly string[]): boolean | undefined {
  let at = 0;
  const orExpression = (): boolean | undefined => {
    let value = andExpression();
    while (value !== undefined && tokens[at] === "or") {
      at += 1;
      const right = andExpression();
      value = right === undefined ? undefined : value || right;
    }
    return value;
  };
  const andExpression = (): boolean | undefined => {
    let value = notExpression();
    while (value !== undefined && tokens[at] === "and") {
      at += 1;
      const right = notExpression();
      value = right === undefined ? undefined : value && right;
    }
    return value;
  };
  const notExpression = (): boolean | undefined => {
    if (tokens[at] !== "not") return literal();
    at += 1;
    const operand = notExpression();
    return operand === undefined ? undefined : !operand;
  };
  const literal = (): boolean | undefined => {
    const token = tokens[at++];
    if (token === "(") {
      const inner = orExpression();
      return tokens[at++] === ")" ? inner : undefined;
    }
    if (token === undefined) return undefined;
    return TRUE_WORDS.has(token) ? true : FALSE_WORDS.has(token) ? false : undefined;
  };
  const value = orExpression();
  return at === tokens.length ? value : undefined;
}
