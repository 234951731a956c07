/* CRC-32C (Castagnoli), the checksum of every journal record, checkpoint
 * block and high-water slot of the state directory. */
#ifndef VRPSH_STORE_CRC32C_H
#define VRPSH_STORE_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/* The CRC-32C of buf[0..len), continuing from crc (0 to start). */
uint32_t store_crc32c(uint32_t crc, const void *buf, size_t len);

#endif
