// A small lexer for the statements MySQL and MariaDB print in `SHOW GRANTS`. Grant rewriting must
// find the grantee and the clauses around it by structure, not by searching text: a database, column
// or role name may itself contain "TO `app`@`%`", quotes or semicolons. Quoted names and strings
// become single tokens, so a keyword is only ever recognised outside of them.
import type { QuotingMode } from "./mysqlQuoting";

export type MysqlTokenKind = "word" | "identifier" | "string" | "punct";

export interface MysqlToken {
  kind: MysqlTokenKind;
  /** The token as written. */
  text: string;
  /** Decoded value: the name inside backticks, the string's contents, or the word itself. */
  value: string;
  start: number;
  end: number;
  /** Parenthesis depth the token sits at (an opening parenthesis is at the outer depth). */
  depth: number;
}

const WORD_CHAR = /[A-Za-z0-9_$]/;
const STRING_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", "0": "\0", Z: "\x1a", b: "\b" };

/** Reads a quoted token starting at `start`; the quote is doubled to escape it, backslash too unless disabled. */
function readQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): { end: number; value: string } {
  let value = "";
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { end: i + 1, value };
    }
    if (ch === "\\" && backslashEscapes && i + 1 < text.length) {
      const next = text[i + 1];
      value += STRING_ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    value += ch;
    i += 1;
  }
  throw new Error("unterminated quoted token in a grant statement");
}

/**
 * Splits `text` into tokens, dropping whitespace. Backtick identifiers never treat a backslash as an
 * escape; strings do unless `mode.noBackslashEscapes`.
 */
export function tokenizeMysql(text: string, mode: QuotingMode): MysqlToken[] {
  const tokens: MysqlToken[] = [];
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i += 1;
      continue;
    }
    if (ch === "`" || ch === "'" || ch === '"') {
      const backslashEscapes = ch !== "`" && !mode.noBackslashEscapes;
      const { end, value } = readQuoted(text, i, ch, backslashEscapes);
      tokens.push({ kind: ch === "`" ? "identifier" : "string", text: text.slice(i, end), value, start: i, end, depth });
      i = end;
      continue;
    }
    if (WORD_CHAR.test(ch)) {
      let end = i + 1;
      while (end < text.length && WORD_CHAR.test(text[end])) end += 1;
      const word = text.slice(i, end);
      tokens.push({ kind: "word", text: word, value: word, start: i, end, depth });
      i = end;
      continue;
    }
    if (ch === ")") depth -= 1;
    tokens.push({ kind: "punct", text: ch, value: ch, start: i, end: i + 1, depth });
    if (ch === "(") depth += 1;
    i += 1;
  }
  return tokens;
}

/** Whether `token` is the bare keyword `word` (case-insensitive) outside any parentheses. */
export function isKeyword(token: MysqlToken | undefined, word: string): boolean {
  return token !== undefined && token.kind === "word" && token.depth === 0 && token.value.toUpperCase() === word;
}
