#ifndef KATA_FUZZ_H
#define KATA_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kata/node.h"

/*
 * What the libFuzzer targets share: the entry point libFuzzer calls, and
 * the parse-write-parse check of a record.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A copy of data with a final NUL, for the parsers that take a string;
 * aborts when out of memory (a fuzzer has nothing better to do). */
char *fuzz_string(const uint8_t *data, size_t size);

/*
 * Whether a and b hold the same record: the same kinds of node, the same
 * text, both plain or both not, and in a mapping the same keys with equal
 * values. A mapping's order is not compared: the writer puts known keys in
 * its own order, which the byte comparison of a second write checks.
 */
bool fuzz_node_equal(const struct kata_node *a, const struct kata_node *b);

/*
 * Writes rec (parsed already) with order, parses what was written, and
 * aborts unless that reads as rec again and writes to the same bytes: a
 * record kata rewrites must keep every value, and a rewrite without a
 * change must change no byte.
 */
void fuzz_roundtrip(const struct kata_node *rec, const char *const *order);

#endif
