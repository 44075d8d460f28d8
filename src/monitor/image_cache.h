/* image_cache.h - the image files of one deployment, each read once (deploy.c).
 *
 * Thousands of cVMs often run one runtime: its file is read once, and the SHA-256 of its MAP
 * SIZE bytes before relocation (intravisor.md 3), a function of the file's bytes alone, is
 * computed once and reused for every cVM that loads the same bytes. Keyed by the runtime path
 * as resolved against the config's folder; lives for the deployment only.
 */
#ifndef INTRAVISOR_MONITOR_IMAGE_CACHE_H
#define INTRAVISOR_MONITOR_IMAGE_CACHE_H

#include <stdbool.h>
#include <stdint.h>

struct image_file {
	const char *path;            /* runtime_path (not owned) */
	uint8_t *bytes;              /* the file (owned) */
	uint64_t len;
	bool hashed;                 /* sha256 holds the hash of map_size loaded bytes */
	uint64_t map_size;
	uint8_t sha256[32];
};

struct image_cache {
	struct image_file *files;    /* nfiles, in first-use order */
	unsigned nfiles;
	unsigned *slots;             /* open addressing: index + 1 into files, 0 = empty */
	unsigned nslots;             /* a power of two >= 2 * capacity */
};

/* For at most `capacity` distinct paths. 0, or -1 (no memory). */
int image_cache_init(struct image_cache *c, unsigned capacity) __attribute__((warn_unused_result));
void image_cache_free(struct image_cache *c);
/* The entry of `path`, or NULL. */
struct image_file *image_cache_find(const struct image_cache *c, const char *path);
/* Add `path` with its bytes (ownership taken). At most `capacity` adds. */
struct image_file *image_cache_add(struct image_cache *c, const char *path, uint8_t *bytes, uint64_t len);

#endif
