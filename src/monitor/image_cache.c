/* image_cache.c - the image files of one deployment, each read once (image_cache.h). */
#include "monitor/image_cache.h"

#include <stdlib.h>
#include <string.h>

static uint64_t path_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;   /* FNV-1a, 64 bits */
	for (; *s; s++)
		h = (h ^ (uint8_t)*s) * 0x100000001b3ULL;
	return h;
}

int image_cache_init(struct image_cache *c, unsigned capacity)
{
	memset(c, 0, sizeof *c);
	c->nslots = 16;
	while (c->nslots < 2 * capacity)
		c->nslots *= 2;
	c->files = calloc(capacity ? capacity : 1, sizeof *c->files);
	c->slots = calloc(c->nslots, sizeof *c->slots);
	if (!c->files || !c->slots) {
		image_cache_free(c);
		return -1;
	}
	return 0;
}

void image_cache_free(struct image_cache *c)
{
	for (unsigned i = 0; c->files && i < c->nfiles; i++)
		free(c->files[i].bytes);
	free(c->files);
	free(c->slots);
	memset(c, 0, sizeof *c);
}

/* The slot holding path, or the empty slot where it would go. */
static unsigned *slot_of(const struct image_cache *c, const char *path)
{
	unsigned mask = c->nslots - 1;
	for (uint64_t i = path_hash(path);; i++) {
		unsigned *s = &c->slots[i & mask];
		if (!*s || !strcmp(c->files[*s - 1].path, path))
			return s;
	}
}

struct image_file *image_cache_find(const struct image_cache *c, const char *path)
{
	unsigned *s = slot_of(c, path);
	return *s ? &c->files[*s - 1] : NULL;
}

struct image_file *image_cache_add(struct image_cache *c, const char *path, uint8_t *bytes, uint64_t len)
{
	unsigned *s = slot_of(c, path);
	struct image_file *f = &c->files[c->nfiles++];
	*f = (struct image_file){ .path = path, .bytes = bytes, .len = len };
	*s = c->nfiles;
	return f;
}
