/* Byte encodings of the state directory's binary files: a growing output
 * buffer and a bounded input cursor, with fixed little-endian integers and
 * LEB128 variable-length ones (varints). */
#ifndef VRPSH_STORE_CODEC_H
#define VRPSH_STORE_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct store_buf {
	char *p;
	size_t len, cap;
	bool oom;              /* an allocation failed: the content is incomplete */
} store_buf;

void store_buf_init(store_buf *b);
void store_buf_free(store_buf *b);
/* Make room for n more bytes; false (and oom) when out of memory. */
bool store_buf_room(store_buf *b, size_t n);
void store_buf_put(store_buf *b, const void *p, size_t n);
void store_buf_u8(store_buf *b, uint8_t v);
void store_buf_u32(store_buf *b, uint32_t v);
void store_buf_u64(store_buf *b, uint64_t v);
void store_buf_varint(store_buf *b, uint64_t v);
/* A signed value as a varint (zigzag). */
void store_buf_svarint(store_buf *b, int64_t v);
/* A varint length, then the bytes. */
void store_buf_bytes(store_buf *b, const void *p, size_t n);

/* Make *v, an array of *cap elements of elem bytes, hold at least need of
 * them (doubling); false, *v unchanged, when out of memory. */
bool store_grow(void **v, size_t *cap, size_t need, size_t elem);

typedef struct store_rd {
	const unsigned char *p, *end;
	bool bad;              /* read past the end or a malformed varint */
} store_rd;

void store_rd_init(store_rd *r, const void *p, size_t len);
uint8_t store_rd_u8(store_rd *r);
uint32_t store_rd_u32(store_rd *r);
uint64_t store_rd_u64(store_rd *r);
uint64_t store_rd_varint(store_rd *r);
int64_t store_rd_svarint(store_rd *r);
/* A varint length and that many bytes (NULL, bad, when they are not
 * there or longer than max). */
const char *store_rd_bytes(store_rd *r, size_t max, uint32_t *len);

static inline uint32_t store_get_u32(const void *p)
{
	const unsigned char *b = p;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t store_get_u64(const void *p)
{
	const unsigned char *b = p;
	return (uint64_t)store_get_u32(b) | (uint64_t)store_get_u32(b + 4) << 32;
}

static inline void store_set_u32(void *p, uint32_t v)
{
	unsigned char *b = p;
	b[0] = (unsigned char)v;
	b[1] = (unsigned char)(v >> 8);
	b[2] = (unsigned char)(v >> 16);
	b[3] = (unsigned char)(v >> 24);
}

static inline void store_set_u64(void *p, uint64_t v)
{
	store_set_u32(p, (uint32_t)v);
	store_set_u32((unsigned char *)p + 4, (uint32_t)(v >> 32));
}

/* The text state files (lockout records, last logins) hold times as
 * decimal seconds; the largest is the last second of the year 9999. */
#define STORE_TIME_MAX INT64_C(253402300799)

/* A decimal field p[0..n) of 1 to 12 digits whose value is at most max:
 * true with the value in *out, else false (*out unchanged). */
bool store_decimal(const char *p, size_t n, int64_t max, int64_t *out);

#endif
