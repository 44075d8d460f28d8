/* gdb_rsp.c - the GDB remote serial protocol's framing: $payload#cs, acknowledgements (until
 * QStartNoAckMode), the interrupt byte 0x03, and the hex and O-packet helpers. */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "gdb/gdb_priv.h"

static const char hexd[] = "0123456789abcdef";

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

void rsp_hex(char *out, const uint8_t *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexd[in[i] >> 4];
		out[2 * i + 1] = hexd[in[i] & 15];
	}
	out[2 * n] = 0;
}

int rsp_unhex(uint8_t *out, const char *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int a = hexval(in[2 * i]), b = a < 0 ? -1 : hexval(in[2 * i + 1]);
		if (b < 0)
			return -1;
		out[i] = (uint8_t)(a << 4 | b);
	}
	return 0;
}

/* one byte of the client, or -1 at EOF/error */
static int rsp_byte(struct gdb *g)
{
	if (g->rpos == g->rlen) {
		ssize_t k;
		do
			k = read(g->fd, g->rbuf, sizeof g->rbuf);
		while (k < 0 && errno == EINTR);
		if (k <= 0)
			return -1;
		g->rlen = (size_t)k;
		g->rpos = 0;
	}
	return (unsigned char)g->rbuf[g->rpos++];
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int rsp_get(struct gdb *g, char *buf, size_t n)
{
	for (;;) {
		int c = rsp_byte(g);
		if (c < 0)
			return -1;
		if (c == 0x03)
			return -2;
		if (c != '$')
			continue;   /* '+', '-' and noise between packets */
		size_t len = 0;
		unsigned sum = 0;
		bool overflow = false;
		while ((c = rsp_byte(g)) >= 0 && c != '#') {
			sum += (unsigned)c;
			if (len + 1 < n)
				buf[len++] = (char)c;
			else
				overflow = true;
		}
		if (c < 0)
			return -1;
		int h1 = rsp_byte(g), h2 = h1 < 0 ? -1 : rsp_byte(g);
		if (h2 < 0)
			return -1;
		buf[len] = 0;
		bool ok = hexval(h1) >= 0 && hexval(h2) >= 0 && (unsigned)(hexval(h1) << 4 | hexval(h2)) == (sum & 0xff);
		if (g->noack)
			ok = true;
		else if (write_all(g->fd, ok && !overflow ? "+" : "-", 1) != 0)
			return -1;
		if (ok && !overflow)
			return (int)len;
	}
}

int rsp_put(struct gdb *g, const char *payload, size_t len)
{
	char frame[GDB_PKT_MAX + 8];
	if (len + 4 > sizeof frame)
		return -1;
	unsigned sum = 0;
	frame[0] = '$';
	for (size_t i = 0; i < len; i++) {
		frame[1 + i] = payload[i];
		sum += (unsigned char)payload[i];
	}
	frame[1 + len] = '#';
	frame[2 + len] = hexd[(sum >> 4) & 15];
	frame[3 + len] = hexd[sum & 15];
	for (int tries = 0; tries < 8; tries++) {
		if (write_all(g->fd, frame, len + 4) != 0)
			return -1;
		if (g->noack)
			return 0;
		int c;
		do
			c = rsp_byte(g);
		while (c >= 0 && c != '+' && c != '-');
		if (c < 0)
			return -1;
		if (c == '+')
			return 0;
	}
	return -1;
}

int rsp_puts(struct gdb *g, const char *payload) { return rsp_put(g, payload, strlen(payload)); }

int rsp_console(struct gdb *g, const char *text)
{
	char pkt[1 + 2 * 1024 + 1];
	size_t n = strlen(text);
	while (n) {
		size_t k = n < 1024 ? n : 1024;
		pkt[0] = 'O';
		rsp_hex(pkt + 1, (const uint8_t *)text, k);
		if (rsp_put(g, pkt, 1 + 2 * k) != 0)
			return -1;
		text += k;
		n -= k;
	}
	return 0;
}
