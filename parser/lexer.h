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
#define LEX_MAX_TOKENS 256

typedef struct lex_token {
	const char *text; /* NUL-terminated, quotes removed */
	uint16_t col;     /* byte offset of the first typed char (the quote, if quoted) */
	uint16_t len;     /* typed length, quotes included */
	bool quoted;
} lex_token;

typedef struct lex_line {
	int ntok;
	lex_token tok[LEX_MAX_TOKENS];
	const char *raw;     /* the input line as typed (NUL-terminated copy in buf) */
	size_t len;          /* length of the input line in bytes */
	bool trailing_space; /* line ends in blank: the next token has not begun */
	char buf[2 * LEX_MAX_LINE + LEX_MAX_TOKENS + 4]; /* raw copy, then token texts */
} lex_line;

typedef enum lex_status {
	LEX_OK = 0,
	LEX_ERR_TOO_LONG,   /* more than LEX_MAX_LINE characters */
	LEX_ERR_CONTROL,    /* a control character other than TAB */
	LEX_ERR_UTF8,       /* malformed UTF-8 */
	LEX_ERR_QUOTE,      /* unterminated double quote */
	LEX_ERR_TOO_MANY,   /* more than LEX_MAX_TOKENS tokens */
} lex_status;

/* Tokenise line[0..len).  A trailing '\n' or "\r\n" is ignored.  On error,
 * *err_col (if not NULL) gets the byte column of the offending character. */
lex_status lex_split(const char *line, size_t len, lex_line *out, size_t *err_col);

/* One-line message for an error status, e.g. "The command line is too long." */
const char *lex_strerror(lex_status st);

#endif
