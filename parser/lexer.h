/* Splits one command line into tokens, remembering where each token was typed.
 *
 * Columns are byte offsets into the input line; the caller adds the prompt
 * length when it draws the caret.  Double quotes group spaces into one token
 * (the quotes are removed from the token text but kept in its typed span). */
#ifndef VRPSH_PARSER_LEXER_H
#define VRPSH_PARSER_LEXER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LEX_MAX_LINE 3100 /* CE limit on one command line, in characters */
#define LEX_MAX_LINE_BYTES (4 * LEX_MAX_LINE) /* UTF-8: at most 4 bytes a character */
#define LEX_MAX_TOKENS 256

typedef struct lex_token {
	const char *text; /* NUL-terminated, quotes removed */
	uint16_t col;     /* byte offset of the first typed char (the quote, if quoted) */
	uint16_t len;     /* typed length, quotes included (unquoted: strlen(text)) */
	bool quoted;
} lex_token;

typedef struct lex_line {
	int ntok;
	lex_token tok[LEX_MAX_TOKENS];
	const char *raw;     /* the input line as typed (NUL-terminated copy in buf),
			      * without the trailing newline */
	size_t len;          /* length of raw in bytes */
	/* raw without its trailing blanks (raw itself when it has none, else
	 * a NUL-terminated copy in buf):
	 * body + tok[i].col is the rest of the line from token i on, as typed. */
	const char *body;
	size_t body_len;
	bool trailing_space; /* line ends in blank, or is empty: the next token has not begun */
	char buf[3 * LEX_MAX_LINE_BYTES + LEX_MAX_TOKENS + 8]; /* raw, body, token texts */
} lex_line;

typedef enum lex_status {
	LEX_OK = 0,
	LEX_ERR_TOO_LONG,   /* more than LEX_MAX_LINE characters */
	LEX_ERR_CONTROL,    /* a control character other than TAB */
	LEX_ERR_UTF8,       /* malformed UTF-8 */
	LEX_ERR_QUOTE,      /* unterminated double quote */
	LEX_ERR_TOO_MANY,   /* more than LEX_MAX_TOKENS tokens */
} lex_status;

/* Tokenise line[0..len).  A trailing '\n' or "\r\n" is ignored.  Tokens are
 * separated by spaces and TABs.  A token that starts with a double quote
 * runs to the next double quote that is followed by a blank or the end of
 * the line (so "a"b"" is one token, a"b"); the quotes are not part of its
 * text.  A quote inside an unquoted token is an ordinary character.
 * On error, *err_col (if not NULL) gets the byte column of the offending
 * character (the opening quote for LEX_ERR_QUOTE, the first character past
 * the limit for LEX_ERR_TOO_LONG, the first token too many for
 * LEX_ERR_TOO_MANY). */
lex_status lex_split(const char *line, size_t len, lex_line *out, size_t *err_col);

/* One-line message for an error status, e.g. "The command line is too long." */
const char *lex_strerror(lex_status st);

#endif
