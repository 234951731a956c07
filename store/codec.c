/* Byte encodings (codec.h). */
#include <stdlib.h>
#include <string.h>

#include "codec.h"

void store_buf_init(store_buf *b)
{
	memset(b, 0, sizeof *b);
}

void store_buf_free(store_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

bool store_buf_room(store_buf *b, size_t n)
{
	if (b->oom)
		return false;
	if (b->len + n <= b->cap)
		return true;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n) {
		if (cap > SIZE_MAX / 2) {
			b->oom = true;
			return false;
		}
		cap *= 2;
	}
	char *p = realloc(b->p, cap);
	if (!p) {
		b->oom = true;
		return false;
	}
	b->p = p;
	b->cap = cap;
	return true;
}

void store_buf_put(store_buf *b, const void *p, size_t n)
{
	if (n && store_buf_room(b, n)) {
		memcpy(b->p + b->len, p, n);
		b->len += n;
	}
}

void store_buf_u8(store_buf *b, uint8_t v)
{
	if (store_buf_room(b, 1))
		b->p[b->len++] = (char)v;
}

void store_buf_u32(store_buf *b, uint32_t v)
{
	if (store_buf_room(b, 4)) {
		store_set_u32(b->p + b->len, v);
		b->len += 4;
	}
}

void store_buf_u64(store_buf *b, uint64_t v)
{
	if (store_buf_room(b, 8)) {
		store_set_u64(b->p + b->len, v);
		b->len += 8;
	}
}

void store_buf_varint(store_buf *b, uint64_t v)
{
	if (!store_buf_room(b, 10))
		return;
	unsigned char *p = (unsigned char *)b->p + b->len;
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (unsigned char)v;
	b->len += n;
}

void store_buf_svarint(store_buf *b, int64_t v)
{
	store_buf_varint(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void store_buf_bytes(store_buf *b, const void *p, size_t n)
{
	store_buf_varint(b, n);
	store_buf_put(b, p, n);
}

void store_rd_init(store_rd *r, const void *p, size_t len)
{
	r->p = p;
	r->end = r->p + len;
	r->bad = false;
}

uint8_t store_rd_u8(store_rd *r)
{
	if (r->p >= r->end) {
		r->bad = true;
		return 0;
	}
	return *r->p++;
}

uint32_t store_rd_u32(store_rd *r)
{
	if (r->end - r->p < 4) {
		r->bad = true;
		r->p = r->end;
		return 0;
	}
	uint32_t v = store_get_u32(r->p);
	r->p += 4;
	return v;
}

uint64_t store_rd_u64(store_rd *r)
{
	if (r->end - r->p < 8) {
		r->bad = true;
		r->p = r->end;
		return 0;
	}
	uint64_t v = store_get_u64(r->p);
	r->p += 8;
	return v;
}

uint64_t store_rd_varint(store_rd *r)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 64; shift += 7) {
		if (r->p >= r->end)
			break;
		unsigned char c = *r->p++;
		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->bad = true;
	return 0;
}

int64_t store_rd_svarint(store_rd *r)
{
	uint64_t u = store_rd_varint(r);
	return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

const char *store_rd_bytes(store_rd *r, size_t max, uint32_t *len)
{
	uint64_t n = store_rd_varint(r);
	if (r->bad || n > max || n > (uint64_t)(r->end - r->p)) {
		r->bad = true;
		*len = 0;
		return NULL;
	}
	const char *p = (const char *)r->p;
	r->p += n;
	*len = (uint32_t)n;
	return p;
}

bool store_grow(void **v, size_t *cap, size_t need, size_t elem)
{
	if (need <= *cap)
		return true;
	size_t c = *cap ? *cap * 2 : 16;
	while (c < need)
		c *= 2;
	void *p = realloc(*v, c * elem);
	if (!p)
		return false;
	*v = p;
	*cap = c;
	return true;
}

bool store_decimal(const char *p, size_t n, int64_t max, int64_t *out)
{
	int64_t v = 0;

	if (n == 0 || n > 12)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		v = v * 10 + (p[i] - '0');
	}
	if (v > max)
		return false;
	*out = v;
	return true;
}
