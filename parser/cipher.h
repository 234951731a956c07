/* The shapes of the device's ciphertexts. */
#ifndef VRPSH_PARSER_CIPHER_H
#define VRPSH_PARSER_CIPHER_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the n bytes at s have the shape of a ciphertext the device
 * writes into its configuration: `$1d$SALT$HASH$` (a two-character tag
 * between dollars, ending in a dollar: the irreversible forms) or a text
 * between two copies of a four-character marker such as `%^%#...%^%#`,
 * `%+%#...%+%#` or `%@%#...%@%#` (the reversible forms).  Printable
 * ASCII without blanks only.  The algorithms are the vendor's own: only
 * the shape can be checked. */
bool parser_is_device_cipher(const char *s, size_t n);

#endif
