/*
 * serve.h - the /metrics endpoint of `slicalc tail --listen`, served by
 * libmicrohttpd in a thread of its own. The main loop publishes a new
 * exposition text when its numbers change; the server hands out the last
 * one published, and the HTML report at / (a small page with a link
 * until one is published). It answers nothing else.
 */
#ifndef SLICALC_SERVE_H
#define SLICALC_SERVE_H

#include <stddef.h>

typedef struct serve serve_t;

/*
 * Listen on addr: "127.0.0.1:9464", "[::1]:9464", ":9464" for every
 * address, or a bare "9464" for loopback. NULL on error (message in err).
 */
serve_t *serve_start(const char *addr, char *err, size_t errlen);

/* Serve text (copied) from now on. */
void serve_publish(serve_t *s, const char *text, size_t n);

/* Serve page (copied; the HTML report) at / from now on. */
void serve_publish_page(serve_t *s, const char *page, size_t n);

/* Stop serving and free. */
void serve_stop(serve_t *s);

#endif
